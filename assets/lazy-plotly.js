/* plotly.js on demand, and one chart at a time.

   dcc.Graph waits on Promise.resolve(window.Plotly) before it draws, so until a chart asks, window.Plotly is a
   thenable: the first chart fetches the app's partial bundle (assets/vendor/plotly-laget.min.js, Swedish locale
   included, built by tools/plotly-bundle), whose script then sets window.Plotly itself. Pages without a chart
   never load it, and no page waits for it before its content (Dash leaves it out of its script tags:
   assets_ignore in dashboard/app.py).

   All the graphs of a page start drawing in the same task, so none would be painted before the last is done.
   Plotly.react and newPlot are therefore queued: each call waits for the browser to paint what the one before it
   drew, in the order the graphs asked (the page's order), so the first chart shows while the others draw. */
(function () {
    'use strict';
    if (window.Plotly) return;
    var src = document.currentScript.src.replace(/lazy-plotly\.js(\?.*)?$/, 'vendor/plotly-laget.min.js');
    var loading = null;

    function painted() {
        return new Promise(function (resolve) {
            requestAnimationFrame(function () { setTimeout(resolve, 0); });
        });
    }

    function oneAtATime(Plotly) {
        var queue = Promise.resolve();
        ['react', 'newPlot'].forEach(function (name) {
            var draw = Plotly[name];
            Plotly[name] = function (gd) {
                var args = arguments;
                var done = queue.then(function () {
                    return gd.isConnected === false ? gd : draw.apply(Plotly, args);
                });
                queue = done.then(painted, painted);
                return done;
            };
        });
        return Plotly;
    }

    function load() {
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                var script = document.createElement('script');
                script.src = src;
                script.async = true;
                script.onload = function () {
                    performance.mark('plotly-loaded');
                    resolve(oneAtATime(window.Plotly));
                };
                script.onerror = function () {
                    loading = null;
                    reject(new Error('plotly.js could not be loaded: ' + src));
                };
                document.head.appendChild(script);
            });
        }
        return loading;
    }

    window.Plotly = { then: function (done, failed) { return load().then(done, failed); } };
})();
