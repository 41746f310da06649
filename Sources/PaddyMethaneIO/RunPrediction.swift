public import PaddyMethane
import Foundation

/// What a run would make of the first paddies of a file: the seasons it would find and the
/// rejections it would make, grouped by reason, with the fix for the common ones. It streams the
/// paddies through the same engine and the same counting as `run` (`InventoryEngine.evaluate`,
/// duplicate ids included), so the prediction is the run's outcome for those paddies.
public struct RunPrediction: Sendable {
    /// How to make the paddies of a group computable.
    public enum Fix: String, Sendable, CaseIterable {
        case giveSeasons = "give each paddy's season_start/season_end in the file, or the seasons of its region with --config"
        case declareUpland = "if these fields grow upland rice, declare water_supply = upland (in the file or with --config) and give their season dates; otherwise they are not rice fields"
    }

    /// Rejections whose reasons differ only in numbers and dates.
    public struct Group: Sendable {
        /// The reason with its numbers and dates replaced by `#`.
        public var reason: String
        /// True when single seasons were rejected (the paddy may have other seasons).
        public var seasonLevel: Bool
        public var count: Int
        public var example: Rejection
        public var fix: Fix?
    }

    /// The run's counts for the sample.
    public var summary = RunSummary()
    /// Largest groups first.
    public var groups: [Group] = []
    /// Paddies whose seasons were detected (neither the file nor the configuration gives any).
    public var paddiesDetected = 0
    /// Days of the sampled series: all, known (observed or interpolated), interpolated.
    public var days = 0, knownDays = 0, interpolatedDays = 0
    /// Paddies by region ("(none)" when the file gives none).
    public var paddiesByRegion: [String: Int] = [:]

    /// Streams the first `sample` paddies of `reader` (all when nil) through `engine`.
    /// `areaHa` stands in for the area of every paddy when the file has none (`describe` reads
    /// files without area; the seasons do not depend on it).
    public static func predict(_ reader: some PaddySource, engine: InventoryEngine, sample: Int?, areaHa: Double? = nil,
                               options: RunOptions = RunOptions()) throws -> RunPrediction {
        var out = RunPrediction()
        var groups: [String: Group] = [:]
        var order: [String] = []
        var stream = PaddyStream(reader: reader, options: options)
        stream.limit = sample
        try stream.run(summary: &out.summary, evaluate: { paddy in
            var p = paddy
            if let areaHa { p.areaHa = areaHa }
            let outcome = engine.evaluate(p)
            return PaddyStream.Item(outcome: outcome, extra: Facts(p, outcome, engine))
        }, consume: { _, _, items in
            for item in items {
                if let f = item.extra {
                    out.days += f.days
                    out.knownDays += f.known
                    out.interpolatedDays += f.interpolated
                    out.paddiesByRegion[f.region ?? "(none)", default: 0] += 1
                    if f.detected { out.paddiesDetected += 1 }
                }
                for r in item.outcome.rejections {
                    let fix = fix(r, item.extra)
                    let key = "\(r.season == nil ? "paddy" : "season") \(fix?.rawValue ?? "-") \(template(r.reason))"
                    if groups[key] == nil {
                        order.append(key)
                        groups[key] = Group(reason: template(r.reason), seasonLevel: r.season != nil, count: 0, example: r, fix: fix)
                    }
                    groups[key]!.count += 1
                }
            }
        })
        // Largest first; equal counts in the order first seen.
        out.groups = order.enumerated().map { ($0.offset, groups[$0.element]!) }
            .sorted { ($0.1.count, -$0.0) > ($1.1.count, -$1.0) }.map(\.1)
        return out
    }

    /// What the prediction needs to know about one paddy besides its outcome.
    struct Facts: Sendable {
        var region: String? = nil
        var days = 0, known = 0, interpolated = 0
        /// Seasons were detected from the series (none given in the file or configured).
        var detected = false
        var neverFlooded = false
        var declaredUpland = false
        /// Rejected as a whole, the paddy would pass the engine's checks with a given season.
        var computableWithSeason = false
    }

    /// The fix for a rejection: seasons that detection could not find need seasons given (or,
    /// for a field that never floods, an upland declaration); problems of the data have none here.
    static func fix(_ r: Rejection, _ facts: Facts?) -> Fix? {
        guard let f = facts, f.detected else { return nil }
        if r.season != nil { return .giveSeasons }
        guard f.computableWithSeason else { return nil }
        return f.neverFlooded && !f.declaredUpland ? .declareUpland : .giveSeasons
    }

    /// The reason with every number, date and time replaced by `#`, so that rejections of the same
    /// kind group together whatever their values.
    static func template(_ reason: String) -> String {
        var out = ""
        var inNumber = false
        let chars = Array(reason)
        for (i, c) in chars.enumerated() {
            let joinsDigits = ".-:".contains(c) && inNumber && i + 1 < chars.count && chars[i + 1].isNumber
            if c.isNumber || joinsDigits {
                if !inNumber { out.append("#") }
                inNumber = true
            } else {
                inNumber = false
                out.append(c)
            }
        }
        return out
    }
}

extension RunPrediction.Facts {
    init(_ p: Paddy, _ outcome: PaddyOutcome, _ engine: InventoryEngine) {
        let s = p.water
        region = p.region
        days = s.dayCount
        known = s.quality.filter { $0 != .missing }.count
        interpolated = s.quality.filter { $0 == .interpolated }.count
        detected = p.seasons.isEmpty && engine.configuration.configuredSeasons(for: p).isEmpty
        let floodedMinCm = engine.configuration.detection.floodedMinCm
        neverFlooded = !s.levelCm.indices.contains { s.quality[$0] != .missing && Double(s.levelCm[$0]) >= floodedMinCm }
        declaredUpland = p.waterSupply == .upland
        if detected && outcome.rejections.contains(where: { $0.season == nil }) {
            computableWithSeason = Self.computableWithSeason(p, engine)
        }
    }

    /// Whether the engine rejects the paddy itself (its data), or only failed to find its
    /// seasons: evaluated again with one given season over its known days, the paddy is rejected
    /// as a whole only for a problem of its data.
    private static func computableWithSeason(_ p: Paddy, _ engine: InventoryEngine) -> Bool {
        let s = p.water
        guard let first = s.quality.firstIndex(where: { $0 != .missing }),
              let last = s.quality.lastIndex(where: { $0 != .missing }) else { return false }
        let end = min(last, first + engine.configuration.detection.maxSeasonDays - 1)
        var given = p
        given.seasons = [SeasonWindow(firstDay: s.firstDay + first, lastDay: s.firstDay + end)]
        return !engine.evaluate(given).rejections.contains { $0.season == nil }
    }
}
