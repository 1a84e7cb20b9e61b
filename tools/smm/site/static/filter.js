// The calendar's filter: show only the chips of one network and/or one state. Plain JavaScript,
// no framework; without it every chip shows.
(function () {
  "use strict";
  var network = document.getElementById("f-network");
  var state = document.getElementById("f-state");
  if (!network || !state) { return; }
  function apply() {
    var chips = document.querySelectorAll(".month .chip");
    for (var i = 0; i < chips.length; i++) {
      var chip = chips[i];
      var show = (!network.value || chip.getAttribute("data-network") === network.value) &&
        (!state.value || chip.getAttribute("data-state") === state.value);
      chip.hidden = !show;
    }
  }
  network.addEventListener("change", apply);
  state.addEventListener("change", apply);
}());
