/* Loaded into Kaleido's page after plotly.js and its Swedish locale: Kaleido passes no figure config, so make Swedish the default. */
Plotly.setPlotConfig({ locale: "sv" });
