// Shows or hides the level descriptions as the coach chooses ("endast siffror").
// Without JavaScript the descriptions are always shown.
(function () {
  var form = document.getElementById("card-form");
  if (!form) return;
  function update() {
    var chosen = form.querySelector('input[name="presentation"]:checked');
    form.classList.toggle("numbers-only", !!chosen && chosen.value === "numbers");
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "presentation") update();
  });
  update();
})();
