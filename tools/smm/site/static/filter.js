// The calendar's filter: show only the chips of one network and/or one state. Plain JavaScript,
// no framework; without it every chip shows. The choice is kept in the address
// (#network=vk&state=scheduled) and carried to the other months, so it holds after Back, a reload
// and a click to the next month, opened from the file system or served alike.
(function () {
  "use strict";
  var network = document.getElementById("f-network");
  var state = document.getElementById("f-state");
  if (!network || !state) { return; }
  network.form.hidden = false;  // hidden in the page: a filter that does nothing without this

  function chosen() {
    var parts = [];
    if (network.value) { parts.push("network=" + encodeURIComponent(network.value)); }
    if (state.value) { parts.push("state=" + encodeURIComponent(state.value)); }
    return parts.join("&");
  }

  var none = document.querySelector(".filter-none");

  function apply() {
    var chips = document.querySelectorAll(".month .chip");
    for (var i = 0; i < chips.length; i++) {
      var chip = chips[i];
      var show = (!network.value || chip.getAttribute("data-network") === network.value) &&
        (!state.value || chip.getAttribute("data-state") === state.value);
      chip.hidden = !show;
    }
    say();
    var hash = chosen();
    var links = document.querySelectorAll(".months a");
    for (var j = 0; j < links.length; j++) {
      links[j].hash = hash;
    }
    var here = window.location.href.split("#")[0];
    try {
      window.history.replaceState(null, "", hash ? here + "#" + hash : here);
    } catch (e) { /* a browser that keeps file:// addresses as they are: links still carry it */ }
  }

  // "nothing matches" by the chips a person sees: on a phone the other months' days are not
  // drawn, so a match there alone is none (asked again when the width crosses the phone's)
  function say() {
    if (!none) { return; }
    var chips = document.querySelectorAll(".month .chip");
    var seen = 0;
    for (var i = 0; i < chips.length; i++) {
      seen += chips[i].getClientRects().length > 0 ? 1 : 0;
    }
    none.hidden = seen > 0 || !chosen();  // no filter: nothing to say
  }

  function select(box, value) {
    for (var i = 0; i < box.options.length; i++) {
      if (box.options[i].value === value) { box.value = value; return; }
    }
    box.value = "";  // a network or state this month has none of: all
  }

  function fromAddress() {
    var wanted = {network: "", state: ""};
    var pairs = window.location.hash.replace(/^#/, "").split("&");
    for (var i = 0; i < pairs.length; i++) {
      var pair = pairs[i].split("=");
      if (pair.length === 2 && wanted.hasOwnProperty(pair[0])) {
        try { wanted[pair[0]] = decodeURIComponent(pair[1]); } catch (e) { /* not ours */ }
      }
    }
    // the address first (a filter's, not the skip link's #main); else what the browser
    // restored into the boxes (Back)
    if (/(^#|&)(network|state)=/.test(window.location.hash)) {
      select(network, wanted.network);
      select(state, wanted.state);
    }
    apply();
  }

  network.addEventListener("change", apply);
  state.addEventListener("change", apply);
  window.addEventListener("pageshow", fromAddress);
  window.addEventListener("hashchange", fromAddress);  // a filter's address pasted in this tab
  if (window.matchMedia) {
    var phone = window.matchMedia("(max-width: 720px)");  // site.css's phone layout
    if (phone.addEventListener) { phone.addEventListener("change", say); }
  }
  fromAddress();
}());
