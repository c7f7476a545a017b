"use strict";
// Draws one chart from its JSON: uPlot with a legend that follows the cursor, drag to zoom on x
// (double-click resets), dashed thresholds labelled at the right, and shaded spans.
function lkChart(el, c) {
  const series = [{}].concat(c.series.map(s => ({
    label: s.name,
    stroke: s.color,
    width: 1.5,
    dash: s.dashed ? [5, 4] : undefined,
    spanGaps: s.spanGaps,
    points: {show: false},
  })));
  const top = Math.max(1e-9, ...c.thresholds.map(t => t.y));
  const opts = {
    title: c.title,
    width: Math.max(400, Math.min(960, (el.parentElement || document.body).clientWidth - 16)),
    height: 300,
    scales: {
      x: {time: c.time},
      y: {range: (u, min, max) => {
        const high = Math.max(max === null ? 0 : max, top) * 1.08 || 1;
        return [0, c.integers ? Math.max(4, Math.ceil(high)) : high];
      }},
    },
    axes: [{label: c.time ? "" : "seconds"}, {label: c.yLabel}],
    series: series,
    hooks: {
      drawClear: [u => {
        const ctx = u.ctx;
        ctx.save();
        ctx.fillStyle = "rgba(244, 204, 204, 0.6)";
        for (const s of c.spans) {
          const x0 = u.valToPos(s.from, "x", true), x1 = u.valToPos(s.to, "x", true);
          ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
        }
        ctx.restore();
      }],
      draw: [u => {
        const ctx = u.ctx;
        ctx.save();
        ctx.setLineDash([6, 4]);
        ctx.font = 11 * devicePixelRatio + "px sans-serif";
        ctx.textAlign = "right";
        for (const t of c.thresholds) {
          const y = u.valToPos(t.y, "y", true);
          ctx.strokeStyle = t.color;
          ctx.fillStyle = t.color;
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.fillText(t.name, u.bbox.left + u.bbox.width - 4, y - 4);
        }
        ctx.restore();
      }],
    },
  };
  el.lkPlot = new uPlot(opts, [c.x].concat(c.data), el);
}
