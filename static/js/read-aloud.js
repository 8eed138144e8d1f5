// Reads a question aloud with the browser's speech synthesis, in the page's language.
// Where the browser has no voice for that language the button says so instead of
// reading the words in another language's voice (issue 18).
(function () {
  if (!("speechSynthesis" in window)) return;
  var synth = window.speechSynthesis;

  function voiceFor(lang) {
    var wanted = lang.toLowerCase().replace("_", "-");
    var primary = wanted.split("-")[0];
    var voices = synth.getVoices();
    var exact = voices.filter(function (v) { return v.lang.toLowerCase().replace("_", "-") === wanted; });
    if (exact.length) return exact[0];
    var near = voices.filter(function (v) {
      return v.lang.toLowerCase().replace("_", "-").split("-")[0] === primary;
    });
    return near.length ? near[0] : null;
  }

  document.querySelectorAll("[data-read]").forEach(function (button) {
    var lang = button.getAttribute("data-lang") || document.documentElement.lang || "sv";
    var status = button.parentNode.querySelector(".read-aloud-status");
    button.hidden = false;

    function sayNoVoice() {
      button.textContent = button.getAttribute("data-no-voice");
      button.disabled = true;
      if (status) status.textContent = button.getAttribute("data-no-voice");
    }

    function checkVoices() {
      // Only once the browser has listed its voices: an empty list may still be loading.
      if (synth.getVoices().length && !voiceFor(lang)) sayNoVoice();
    }
    checkVoices();
    if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", checkVoices);

    button.addEventListener("click", function () {
      var voice = voiceFor(lang);
      if (!voice) { sayNoVoice(); return; }
      var target = document.getElementById(button.getAttribute("data-read"));
      if (!target) return;
      var parts = [target.textContent];
      document.querySelectorAll(".sr-option").forEach(function (option) {
        parts.push(option.textContent.replace(/\s+/g, " ").trim());
      });
      var utterance = new SpeechSynthesisUtterance(parts.join(". "));
      utterance.voice = voice;
      utterance.lang = voice.lang;
      synth.cancel();
      synth.speak(utterance);
    });
  });
})();
