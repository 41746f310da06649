public import Foundation
import PaddyMethane

/// The documents a run writes besides its CSV reports (`--xlsx`, `--html`).
public struct ReportDocuments: Sendable {
    /// The workbook of every report table, the data dictionary and the manifest.
    public var workbook: URL? = nil
    /// The HTML report to read.
    public var html: URL? = nil
    /// Paddies whose water level the HTML report plots; nil: the first `defaultPlotCount`.
    public var plotPaddies: [String]? = nil

    /// Paddies plotted when none are named.
    public static let defaultPlotCount = 3

    public init() {}

    var isEmpty: Bool { workbook == nil && html == nil }
}

/// What the HTML report shows of one paddy: its position and CH4 per harvested hectare (the
/// map) and, for the paddies plotted, its daily water series, seasons, drainage events and
/// daily flux.
struct PaddyFigure: Sendable {
    var id: String
    var latitude: Double?, longitude: Double?
    /// Σ CH4 [kg] and Σ harvested area [ha] over its accepted seasons.
    var ch4Kg: Double
    var harvestedHa: Double
    var plot: Plot?

    struct Plot: Sendable {
        var water: DailyWaterSeries
        var seasons: [SeasonWindow]
        /// (first day, length [d]) of each drainage event.
        var events: [(firstDay: Int, days: Int)]
        /// (first day, daily flux [g CH4 m-2 d-1]) of each season, for the process model.
        var flux: [(firstDay: Int, values: [Float])]
    }

    /// The figure of `paddy` with its `outcome`, its plot when `plotted`.
    init(_ paddy: Paddy, _ outcome: PaddyOutcome, plotted: Bool) {
        id = paddy.id
        latitude = paddy.latitude
        longitude = paddy.longitude
        ch4Kg = outcome.results.reduce(0) { $0 + $1.ch4Kg }
        harvestedHa = outcome.results.reduce(0) { $0 + $1.areaHa }
        plot = plotted ? Plot(water: paddy.water, seasons: outcome.results.map(\.assessment.window),
                              events: outcome.results.flatMap { $0.assessment.events.map { ($0.firstDay, $0.lengthDays) } },
                              flux: outcome.results.compactMap { r in r.dailyFluxGPerM2.map { (r.assessment.window.firstDay, $0) } })
                       : nil
    }
}

extension ReportDocuments {
    /// The figure of a paddy, when an HTML report is written (computed on the compute threads).
    func figure(_ paddy: Paddy, _ outcome: PaddyOutcome) -> PaddyFigure? {
        guard html != nil else { return nil }
        let plotted = plotPaddies.map { $0.contains(paddy.id) } ?? (paddy.index < Self.defaultPlotCount)
        return PaddyFigure(paddy, outcome, plotted: plotted)
    }
}

/// How well the water regimes are evidenced: days observed, interpolated and missing within the
/// accepted seasons, and drainage events wholly observed or inferred in part.
struct EvidenceCounts: Sendable {
    var seasonDays = 0.0
    var interpolatedDays = 0.0
    var missingDays = 0.0
    var events = 0
    var inferredEvents = 0

    var observedDays: Double { seasonDays - interpolatedDays - missingDays }

    mutating func add(_ r: PaddySeasonResult) {
        let d = Double(r.days)
        seasonDays += d
        interpolatedDays += r.assessment.filledFraction * d
        missingDays += r.assessment.missingFraction * d
        events += r.assessment.events.count
        inferredEvents += r.assessment.events.filter(\.isInferred).count
    }
}

/// The figures an HTML report collects while the paddies stream: the map points (at most
/// `mapLimit`, in file order), the plotted paddies, the evidence counts and the rejections by
/// reason.
struct ReportFigures: Sendable {
    /// Points drawn on the map at most: an SVG of more would be slow to open.
    static let mapLimit = 5000

    var mapPoints: [PaddyFigure] = []
    var paddiesWithCoordinates = 0
    var paddiesWithResults = 0
    var plots: [PaddyFigure] = []
    var evidence = EvidenceCounts()
    /// Paddies named to be plotted and not read so far, each with the read id nearest to it by
    /// edit distance (the first in file order of the nearest).
    private var unread: [String: (id: String, distance: Int)] = [:]

    /// Figures of a run that plots `plotPaddies` (nil: the first paddies of the file).
    init(plotting plotPaddies: [String]?) {
        for id in plotPaddies ?? [] { unread[id] = ("", Int.max) }
    }

    mutating func add(_ figure: PaddyFigure?, _ outcome: PaddyOutcome) {
        for r in outcome.results { evidence.add(r) }
        guard var f = figure else { return }
        if !unread.isEmpty { markRead(f.id) }
        if f.plot != nil { plots.append(f) }
        f.plot = nil
        guard f.harvestedHa > 0 else { return }
        paddiesWithResults += 1
        guard f.latitude != nil, f.longitude != nil else { return }
        paddiesWithCoordinates += 1
        if mapPoints.count < Self.mapLimit { mapPoints.append(f) }
    }

    private mutating func markRead(_ id: String) {
        guard unread.removeValue(forKey: id) == nil else { return }
        let read = Array(id)
        for (name, nearest) in unread {
            let d = editDistance(Array(name), read)
            if d < nearest.distance { unread[name] = (id, d) }
        }
    }

    /// Refuses a run that named paddies to plot that it never read: a misspelt id would
    /// otherwise leave its plot out without a word.
    func checkPlotted() throws {
        guard !unread.isEmpty else { return }
        let names = unread.keys.sorted().map { name in
            "\"\(name)\"" + (unread[name]!.id.isEmpty ? "" : " (nearest id read: \"\(unread[name]!.id)\")")
        }
        throw ReportError("--plot-paddies: no paddy " + names.joined(separator: ", ") + " was read; nothing was written. "
                          + "Name ids of the input's paddy_id (they are listed in paddy_seasons.csv and rejected.csv)")
    }
}
