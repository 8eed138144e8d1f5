// Reads a question aloud with the browser's speech synthesis, where it exists.
(function () {
  if (!("speechSynthesis" in window)) return;
  document.querySelectorAll("[data-read]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-read"));
      if (!target) return;
      var parts = [target.textContent];
      document.querySelectorAll(".sr-option").forEach(function (option) {
        parts.push(option.textContent.replace(/\s+/g, " ").trim());
      });
      var utterance = new SpeechSynthesisUtterance(parts.join(". "));
      utterance.lang = document.documentElement.lang === "en" ? "en-GB" : "sv-SE";
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
    });
  });
})();
