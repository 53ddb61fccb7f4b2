/* Background jobs from a page: start one, poll it until it is done, show its progress, cancel it.
 *
 * The platform's jobs are rows in the database (docs/decisions.md §19): POST <jobs> starts one
 * and answers {id, state, url}; GET <jobs>/<id> answers {state, done, total, result, error};
 * DELETE <jobs>/<id> asks it to stop. The missile-defence and energy pages load this file with a
 * plain script tag before their own scripts and use window.bucarestJobs:
 *
 *   var jobs = window.bucarestJobs;
 *   var line = jobs.progressLine(box, bar, text);      // <div data-state> <progress> <span>
 *   jobs.run(url, body, { lang: "fr", pollMs: 300, requestError: S.requestError,
 *                         onStart: function (job) {}, onProgress: function (job) {} })
 *     .then(function (result) {}, function (err) {});  // err.message: the server's, one line
 *   jobs.cancel(url, id, { lang: "fr" });
 *
 * Every string shown comes from the page that calls it; every request goes to this host.
 */
(function () {
  "use strict";

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }

  /** The address with ?lang= (and the other parameters of `extra`). */
  function withLang(url, lang, extra) {
    var params = new URLSearchParams(extra || {});
    if (lang) { params.set("lang", lang); }
    return url + "?" + params.toString();
  }

  /** An error carrying the server's message (the one error body, or FastAPI's detail). */
  function apiError(r, requestError) {
    var fallback = fill(requestError || "{status}", { status: r.status });
    return r.json().then(function (body) {
      var msg = body && body.error && body.error.message;
      if (!msg && body && body.detail) {
        msg = typeof body.detail === "string" ? body.detail
          : Array.isArray(body.detail) ? body.detail.map(function (d) { return d.msg; }).join("; ")
            : JSON.stringify(body.detail);
      }
      throw new Error(msg || fallback);
    }, function () { throw new Error(fallback); });
  }

  /** GET (or `init`'s method) a JSON answer; rejects with the server's message. */
  function getJson(url, init, requestError) {
    return fetch(url, Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, init || {}))
      .then(function (r) { return r.ok ? r.json() : apiError(r, requestError); });
  }

  /** POST a job's body; resolves with {id, state, url}. */
  function start(url, body, options) {
    var o = options || {};
    return getJson(withLang(url, o.lang), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body)
    }, o.requestError);
  }

  /** Poll job `id` every `pollMs` until it is done (resolves with its result) or failed or
   * cancelled (rejects with its error's message, else `failed`); `onProgress(job)` meanwhile. */
  function poll(url, id, options) {
    var o = options || {};
    return new Promise(function (resolve, reject) {
      function tick() {
        getJson(withLang(url + "/" + encodeURIComponent(id), o.lang), null, o.requestError).then(function (job) {
          if (job.state === "done") {
            resolve(job.result);
          } else if (job.state === "failed" || job.state === "cancelled") {
            reject(new Error((job.error && job.error.message) || o.failed || ""));
          } else {
            if (o.onProgress) { o.onProgress(job); }
            setTimeout(tick, o.pollMs || 300);
          }
        }, reject);
      }
      tick();
    });
  }

  /** Start a job and poll it; `onStart(job)` once it has an id (to offer a cancel button). */
  function run(url, body, options) {
    var o = options || {};
    return start(url, body, o).then(function (job) {
      if (o.onStart) { o.onStart(job); }
      return poll(url, job.id, o);
    });
  }

  /** Ask job `id` to stop; resolves with its state after asking. */
  function cancel(url, id, options) {
    var o = options || {};
    return getJson(withLang(url + "/" + encodeURIComponent(id), o.lang), { method: "DELETE" }, o.requestError);
  }

  /** A progress line (a box with data-state idle, running, done or error; a <progress>; a
   * status text): set(state, done, total, text) shows it, indeterminate while total is 0. */
  function progressLine(box, bar, textEl) {
    return {
      set: function (state, done, total, text) {
        box.hidden = false;
        box.setAttribute("data-state", state);
        if (state === "done") {
          bar.max = 1;
          bar.value = 1;
        } else if (total > 0) {
          bar.max = total;
          bar.value = Math.min(done, total);
        } else {
          bar.removeAttribute("value");
        }
        if (textEl && text !== undefined) { textEl.textContent = text; }
      }
    };
  }

  /** The progress text of a job still running: `queued` until it counts, then `computing`
   * ("{done} of {total}") filled in. */
  function progressText(job, queued, computing) {
    return job.state === "queued" || !job.total ? queued : fill(computing, { done: job.done, total: job.total });
  }

  window.bucarestJobs = {
    apiError: apiError,
    cancel: cancel,
    fill: fill,
    getJson: getJson,
    poll: poll,
    progressLine: progressLine,
    progressText: progressText,
    run: run,
    start: start,
    withLang: withLang
  };
})();
