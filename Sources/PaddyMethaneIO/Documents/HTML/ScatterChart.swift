import Foundation

/// A measured-vs-modelled scatter: one point per pair, both axes on the same scale (from the
/// smaller of 0 and the lowest value to the highest), and the 1:1 line on which a perfect model's
/// points would lie. Points are coloured by group (a legend names each).
struct ScatterChart: Sendable {
    struct Group: Sendable {
        var name: String
        /// CSS colour of its points and legend swatch.
        var colour: String
    }

    struct Point: Sendable {
        var label: String
        var measured: Double
        var modelled: Double
        /// Index into `groups`.
        var group: Int
    }

    var title: String
    /// Axis titles with units, e.g. "measured CH4 [kg ha-1]".
    var measuredAxis: String
    var modelledAxis: String
    var groups: [Group]
    var points: [Point]
    var size: Double = 420

    func svg() -> Markup {
        let left = 64.0, top = 34.0, plot = size - left - 24
        let legendWidth = 12 + 7 * Double(groups.map(\.name.count).max() ?? 4) + 24
        let width = size + legendWidth, height = top + plot + 52
        let values = points.flatMap { [$0.measured, $0.modelled] }
        let ticks = LinearScale.ticks(min(0, values.min() ?? 0), values.max() ?? 1)
        let x = LinearScale(lower: ticks.first!, upper: ticks.last!, start: left, end: left + plot)
        let y = LinearScale(lower: ticks.first!, upper: ticks.last!, start: top + plot, end: top)
        var parts: [Markup] = [SVG.text(8, 20, title, cls: "chart-title"), SVG.rect(left, top, plot, plot, "frame")]
        for t in ticks {
            parts.append(SVG.line(x(t), top, x(t), top + plot, "grid"))
            parts.append(SVG.line(left, y(t), left + plot, y(t), "grid"))
            parts.append(SVG.text(x(t), top + plot + 16, LinearScale.label(t, in: ticks), anchor: "middle"))
            parts.append(SVG.text(left - 6, y(t) + 4, LinearScale.label(t, in: ticks), anchor: "end"))
        }
        let (lo, hi) = (ticks.first!, ticks.last!)
        parts.append(SVG.line(x(lo), y(lo), x(hi), y(hi), "one-to-one"))
        parts.append(SVG.text(x(hi) - 4, y(hi) + 14, "1:1", anchor: "end", cls: "label"))
        for p in points {
            parts.append(.tag("circle", ["cx": SVG.n(x(p.measured)), "cy": SVG.n(y(p.modelled)), "r": "4",
                                         "fill": groups[p.group].colour, "class": "point"],
                              [.tag("title", text: "\(p.label): measured \(Figures.format(p.measured)), modelled \(Figures.format(p.modelled))")]))
        }
        parts.append(SVG.text(left + plot / 2, top + plot + 38, measuredAxis, anchor: "middle", cls: "axis-title"))
        parts.append(SVG.verticalTitle(14, top + plot / 2, modelledAxis))
        for (i, g) in groups.enumerated() {
            let ly = top + 8 + Double(i) * 22
            parts.append(SVG.rect(size + 4, ly, 12, 12, "swatch", fill: g.colour))
            parts.append(SVG.text(size + 22, ly + 10, g.name))
        }
        return SVG.root(width: width, height: height, title: title, parts)
    }
}
