import Foundation
import PaddyMethane

/// A linear map from data values to pixels.
struct LinearScale: Sendable {
    let lower: Double, upper: Double
    let start: Double, end: Double

    func callAsFunction(_ v: Double) -> Double {
        upper == lower ? (start + end) / 2 : start + (v - lower) / (upper - lower) * (end - start)
    }

    /// Round tick values covering `low...high`: about `count` steps of 1, 2 or 5 × 10^k.
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        var lo = low, hi = high
        if lo == hi { lo -= lo == 0 ? 1 : abs(lo) / 2; hi += hi == 0 ? 1 : abs(hi) / 2 }
        let raw = (hi - lo) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(lo / step) * step, last = ceil(hi / step) * step
        return stride(from: first, through: last + step / 2, by: step).map { abs($0) < step * 1e-9 ? 0 : $0 }
    }

    /// A tick's label: as many decimals as the step between ticks needs (20, 0.5, 0.02).
    static func label(_ tick: Double, in ticks: [Double]) -> String {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        return fixedPoint(tick, decimals: min(6, max(0, Int(-floor(log10(step) + 1e-9)))))
    }
}

/// SVG pieces shared by the charts.
enum SVG {
    static func root(width: Double, height: Double, title: String, _ children: [Markup]) -> Markup {
        .tag("svg", ["viewBox": "0 0 \(n(width)) \(n(height))",
                     "width": n(width), "height": n(height), "role": "img", "class": "chart"],
             [.tag("title", text: title)] + children)
    }

    static func n(_ v: Double) -> String { fixedPoint(v, decimals: 1) }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ cls: String) -> Markup {
        .tag("line", ["x1": n(x1), "y1": n(y1), "x2": n(x2), "y2": n(y2), "class": cls])
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ cls: String, fill: String? = nil, tooltip: String? = nil) -> Markup {
        var children: [Markup] = []
        if let tooltip { children.append(.tag("title", text: tooltip)) }
        if let fill {
            return .tag("rect", ["x": n(x), "y": n(y), "width": n(max(0, w)), "height": n(max(0, h)), "class": cls, "fill": fill], children)
        }
        return .tag("rect", ["x": n(x), "y": n(y), "width": n(max(0, w)), "height": n(max(0, h)), "class": cls], children)
    }

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", cls: String = "label") -> Markup {
        .tag("text", ["x": n(x), "y": n(y), "text-anchor": anchor, "class": cls], text: s)
    }

    /// A vertical axis title, rotated.
    static func verticalTitle(_ x: Double, _ y: Double, _ s: String) -> Markup {
        .tag("text", ["x": n(x), "y": n(y), "text-anchor": "middle", "class": "axis-title",
                      "transform": "rotate(-90 \(n(x)) \(n(y)))"], text: s)
    }
}

/// A horizontal bar chart: one bar per label, with an optional 95 % interval drawn as an error
/// bar; values may be negative (savings), the zero line is drawn.
struct BarChart: Sendable {
    struct Bar: Sendable {
        var label: String
        var value: Double
        /// The 95 % interval, when known.
        var low: Double? = nil
        var high: Double? = nil
    }

    var title: String
    /// The value axis title, with its unit, e.g. "CO2e [t]".
    var valueAxis: String
    var bars: [Bar]
    var width: Double = 760

    static let rowHeight: Double = 26

    func svg() -> Markup {
        let labelWidth = min(300, 12 + 7 * Double(bars.map(\.label.count).max() ?? 4))
        let left = labelWidth, right = width - 30, top = 34.0
        let height = top + Double(bars.count) * Self.rowHeight + 56
        let values: [Double] = bars.flatMap { [$0.value, $0.low ?? $0.value, $0.high ?? $0.value] } + [0]
        let ticks = LinearScale.ticks(values.min()!, values.max()!)
        let x = LinearScale(lower: ticks.first!, upper: ticks.last!, start: left, end: right)
        let bottom = top + Double(bars.count) * Self.rowHeight
        var parts: [Markup] = [SVG.text(8, 20, title, cls: "chart-title")]
        for t in ticks {
            parts.append(SVG.line(x(t), top, x(t), bottom, "grid"))
            parts.append(SVG.text(x(t), bottom + 16, LinearScale.label(t, in: ticks), anchor: "middle"))
        }
        for (i, b) in bars.enumerated() {
            let y = top + Double(i) * Self.rowHeight
            let x0 = x(min(0, b.value)), x1 = x(max(0, b.value))
            var tip = "\(b.label): \(Figures.format(b.value)) \(valueAxis)"
            if let lo = b.low, let hi = b.high { tip += " (95 % interval \(Figures.format(lo)) to \(Figures.format(hi)))" }
            parts.append(SVG.text(left - 6, y + Self.rowHeight / 2 + 4, b.label, anchor: "end"))
            parts.append(SVG.rect(x0, y + 5, x1 - x0, Self.rowHeight - 10, b.value < 0 ? "bar negative" : "bar", tooltip: tip))
            if let lo = b.low, let hi = b.high {
                let cy = y + Self.rowHeight / 2
                parts += [SVG.line(x(lo), cy, x(hi), cy, "errorbar"), SVG.line(x(lo), cy - 6, x(lo), cy + 6, "errorbar"),
                          SVG.line(x(hi), cy - 6, x(hi), cy + 6, "errorbar")]
            }
        }
        parts.append(SVG.line(x(0), top, x(0), bottom, "axis"))
        parts.append(SVG.line(left, bottom, right, bottom, "axis"))
        parts.append(SVG.text((left + right) / 2, bottom + 38, valueAxis, anchor: "middle", cls: "axis-title"))
        return SVG.root(width: width, height: height, title: title, parts)
    }
}

/// A line chart over days: series with gaps where a value is missing, shaded bands (seasons,
/// drainage events) behind them, date ticks on the horizontal axis.
struct LineChart: Sendable {
    struct Series: Sendable {
        var name: String
        /// One value per day from `firstDay`; nil where unknown (a gap in the line).
        var values: [Double?]
        var cls: String
    }

    struct Band: Sendable {
        var label: String
        var firstDay: Int, lastDay: Int
        var cls: String
    }

    var title: String
    var valueAxis: String
    var firstDay: Int
    var dayCount: Int
    var series: [Series]
    var bands: [Band] = []
    /// Day number → date text for the tick labels and tooltips.
    var dateLabel: @Sendable (Int) -> String
    /// The days that get a tick on the date axis (`monthStarts`).
    var dateTicks: [Int] = []
    /// A horizontal reference line (the soil surface at 0 cm), when given.
    var reference: (value: Double, label: String)? = nil
    var width: Double = 760, height: Double = 260

    func svg() -> Markup {
        let left = 64.0, right = width - 16, top = 30.0, bottom = height - 58
        let known = series.flatMap { $0.values.compactMap { $0 } } + (reference.map { [$0.value] } ?? [])
        let ticks = LinearScale.ticks(known.min() ?? 0, known.max() ?? 1)
        let y = LinearScale(lower: ticks.first!, upper: ticks.last!, start: bottom, end: top)
        let x = LinearScale(lower: Double(firstDay), upper: Double(firstDay + max(dayCount, 2) - 1), start: left, end: right)
        var parts: [Markup] = [SVG.text(8, 18, title, cls: "chart-title")]
        for b in bands {
            parts.append(SVG.rect(x(Double(b.firstDay) - 0.5), top, x(Double(b.lastDay) + 0.5) - x(Double(b.firstDay) - 0.5),
                                  bottom - top, "band \(b.cls)", tooltip: b.label))
        }
        for t in ticks {
            parts.append(SVG.line(left, y(t), right, y(t), "grid"))
            parts.append(SVG.text(left - 6, y(t) + 4, LinearScale.label(t, in: ticks), anchor: "end"))
        }
        for d in dateTicks where d >= firstDay && d < firstDay + dayCount {
            parts.append(SVG.line(x(Double(d)), bottom, x(Double(d)), bottom + 5, "axis"))
            parts.append(SVG.text(x(Double(d)), bottom + 18, dateLabel(d), anchor: "middle"))
        }
        if let reference {
            parts.append(SVG.line(left, y(reference.value), right, y(reference.value), "reference"))
            parts.append(SVG.text(right - 4, y(reference.value) - 4, reference.label, anchor: "end", cls: "note"))
        }
        for s in series {
            for run in runs(s.values) {
                let points = run.map { "\(SVG.n(x(Double(firstDay + $0.0)))),\(SVG.n(y($0.1)))" }.joined(separator: " ")
                parts.append(.tag("polyline", ["points": points, "class": "series \(s.cls)"], [.tag("title", text: s.name)]))
            }
        }
        parts += [SVG.line(left, bottom, right, bottom, "axis"), SVG.line(left, top, left, bottom, "axis"),
                  SVG.verticalTitle(16, (top + bottom) / 2, valueAxis),
                  SVG.text((left + right) / 2, bottom + 40, "date", anchor: "middle", cls: "axis-title")]
        return SVG.root(width: width, height: height, title: title, parts)
    }

    /// Runs of consecutive known values, as (offset, value).
    private func runs(_ values: [Double?]) -> [[(Int, Double)]] {
        var out: [[(Int, Double)]] = [], current: [(Int, Double)] = []
        for (i, v) in values.enumerated() {
            if let v { current.append((i, v)) } else if !current.isEmpty { out.append(current); current = [] }
        }
        if !current.isEmpty { out.append(current) }
        return out.map { $0.count == 1 ? [$0[0], $0[0]] : $0 }
    }

    /// The first days of months within the `dayCount` days from `firstDay`: every month, or every
    /// 2, 3, 6 or 12 months (January among them) so that there are about 8 at most.
    static func monthStarts(_ calendar: CFCalendar, firstDay: Int, dayCount: Int) -> [Int] {
        let first = calendar.date(ofDay: firstDay), last = calendar.date(ofDay: firstDay + max(dayCount, 1) - 1)
        let months = (last.year - first.year) * 12 + last.month - first.month + 1
        let step = [1, 2, 3, 6].first { months / $0 <= 8 } ?? 12
        var out: [Int] = []
        for m in 0...months {
            let index = first.year * 12 + first.month - 1 + m
            guard (index % 12) % step == 0 else { continue }
            let day = calendar.dayNumber(CalendarDate(year: index / 12, month: index % 12 + 1, day: 1))
            if day >= firstDay && day < firstDay + dayCount { out.append(day) }
        }
        return out
    }
}

/// A map of points by longitude and latitude (equirectangular, scaled by the cosine of the mean
/// latitude), each coloured by its value in one of five classes, with a legend.
struct PointMap: Sendable {
    struct Point: Sendable {
        var label: String
        var longitude: Double, latitude: Double
        var value: Double
    }

    var title: String
    /// The value's name and unit, e.g. "kg CH4 ha-1 per harvest".
    var valueLegend: String
    var points: [Point]
    var width: Double = 760

    /// Light to dark: low to high values.
    static let palette = ["#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"]

    func svg() -> Markup {
        let lons = points.map(\.longitude), lats = points.map(\.latitude)
        let (lon0, lon1, lat0, lat1) = (lons.min()!, lons.max()!, lats.min()!, lats.max()!)
        let k = cos((lat0 + lat1) / 2 * .pi / 180)
        let spanX = max((lon1 - lon0) * k, 1e-6), spanY = max(lat1 - lat0, 1e-6)
        let left = 64.0, right = width - 170, top = 30.0
        let plotHeight = min(520, max(200, (right - left) * spanY / spanX))
        let height = top + plotHeight + 56
        let x = LinearScale(lower: lon0 - 0.05 * spanX / k, upper: lon1 + 0.05 * spanX / k, start: left, end: right)
        let y = LinearScale(lower: lat0 - 0.05 * spanY, upper: lat1 + 0.05 * spanY, start: top + plotHeight, end: top)
        let classes = Self.classes(points.map(\.value))
        var parts: [Markup] = [SVG.text(8, 18, title, cls: "chart-title"),
                               SVG.rect(left, top, right - left, plotHeight, "frame")]
        for p in points {
            let c = Self.palette[Self.classIndex(p.value, classes)]
            parts.append(.tag("circle", ["cx": SVG.n(x(p.longitude)), "cy": SVG.n(y(p.latitude)), "r": "4", "fill": c, "class": "point"],
                              [.tag("title", text: "\(p.label): \(Figures.format(p.value)) \(valueLegend)")]))
        }
        for (t, anchor) in [(x.lower, "start"), (x.upper, "end")] {
            parts.append(SVG.text(x(t), top + plotHeight + 16, Figures.format(t, significant: 5) + "°", anchor: anchor))
        }
        for t in [y.lower, y.upper] { parts.append(SVG.text(left - 6, y(t) + 4, Figures.format(t, significant: 4) + "°", anchor: "end")) }
        parts.append(SVG.text((left + right) / 2, top + plotHeight + 38, "longitude [degrees east]", anchor: "middle", cls: "axis-title"))
        parts.append(SVG.verticalTitle(14, top + plotHeight / 2, "latitude [degrees north]"))
        parts.append(SVG.text(right + 14, top + 10, valueLegend, cls: "legend-title"))
        for (i, c) in Self.palette.enumerated() {
            let ly = top + 24 + Double(i) * 22
            parts.append(SVG.rect(right + 14, ly, 16, 16, "swatch", fill: c))
            parts.append(SVG.text(right + 36, ly + 12, "\(Figures.format(classes[i])) – \(Figures.format(classes[i + 1]))"))
        }
        return SVG.root(width: width, height: height, title: title, parts)
    }

    /// Six class bounds from the lowest to the highest value, evenly spaced.
    static func classes(_ values: [Double]) -> [Double] {
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        return (0...5).map { lo + (hi - lo) * Double($0) / 5 }
    }

    static func classIndex(_ v: Double, _ bounds: [Double]) -> Int {
        let step = bounds[5] - bounds[0]
        guard step > 0 else { return 2 }
        return min(4, max(0, Int((v - bounds[0]) / step * 5)))
    }
}
