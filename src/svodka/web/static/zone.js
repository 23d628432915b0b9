/* svodka: remember the reader's time zone (the browser's) in a cookie, so that pages show times
   in it; the footer's form sets it without scripts. Nothing else runs on the site. */
(function () {
  try {
    if (document.cookie.split("; ").some(function (c) { return c.indexOf("tz=") === 0; })) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) document.cookie = "tz=" + zone + "; path=/; max-age=31536000; samesite=lax";
  } catch (e) { /* an old browser: the site's zone stays */ }
})();
