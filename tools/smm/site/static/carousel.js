// Instagram's carousel on a post page: "previous" and "next" buttons and the image's number,
// for a mouse that cannot scroll sideways. Plain JavaScript; without it the carousel still
// scrolls (touch, trackpad, the arrow keys once it has the focus) and its note says so.
(function () {
  "use strict";
  var carousels = document.querySelectorAll(".ig-post .media.carousel");
  for (var i = 0; i < carousels.length; i++) { wire(carousels[i]); }

  function wire(media) {
    var nav = media.parentNode.querySelector(".carousel-nav");
    if (!nav) { return; }
    var buttons = nav.querySelectorAll("button");
    var at = nav.querySelector(".at");
    var count = media.children.length;

    function shown() {  // the image in view: the scroll position, in widths of the carousel
      var width = media.clientWidth || 1;
      return Math.max(0, Math.min(count - 1, Math.round(media.scrollLeft / width)));
    }

    // aria-disabled, not disabled: a disabled button drops the keyboard's focus to the page
    function update() {
      var index = shown();
      at.textContent = (index + 1) + " / " + count;
      buttons[0].setAttribute("aria-disabled", String(index === 0));
      buttons[1].setAttribute("aria-disabled", String(index === count - 1));
    }

    var still = window.matchMedia("(prefers-reduced-motion: reduce)");

    function go(step) {
      var target = Math.max(0, Math.min(count - 1, shown() + step));
      media.scrollTo({left: target * media.clientWidth, behavior: still.matches ? "auto" : "smooth"});
    }

    buttons[0].addEventListener("click", function () { go(-1); });
    buttons[1].addEventListener("click", function () { go(1); });
    media.addEventListener("scroll", update, {passive: true});
    nav.hidden = false;
    update();
  }
}());
