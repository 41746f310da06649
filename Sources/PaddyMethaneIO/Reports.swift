import PaddyMethane
import Foundation

/// Monte Carlo settings of a run.
struct UncertaintySettings {
    var model: FactorModel
    var draws: Int
    var seed: UInt64
    /// CO2e per kg CH4 [kg].
    var gwp: Double
}

/// The CSV reports of an inventory run, each written atomically into `directory`.
/// The data dictionary in README.md documents every column and its unit.
final class InventoryReports {
    let directory: URL
    private let seasons: AtomicFile
    private let events: AtomicFile
    private let rejected: AtomicFile
    private var all: [AtomicFile] { [seasons, events, rejected] }

    static let seasonHeader = "paddy_id,region,season_start,season_end,days,area_ha,water_supply,water_regime,pre_season,drainage_events,drained_days,filled_fraction,missing_fraction,organic_amendment_t_ha,sf_w,sf_p,sf_o,sf_sr,ef_c_kg_ha_day,ef_c_entry,ef_kg_ha_day,ch4_kg,co2e_t,method,parameter_set,drainage_rule,temperature_source\n"

    init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        seasons = try AtomicFile(directory.appendingPathComponent("paddy_seasons.csv"))
        events = try AtomicFile(directory.appendingPathComponent("drainage_events.csv"))
        rejected = try AtomicFile(directory.appendingPathComponent("rejected.csv"))
        try seasons.write(Self.seasonHeader)
        try events.write("paddy_id,season_start,event_start,length_days,min_level_cm,observed_days,inferred\n")
        try rejected.write("paddy_index,paddy_id,season_start,season_end,reason\n")
    }

    /// One paddy's rows of the three row reports, formatted (on any thread).
    struct Rows: Sendable {
        var seasons: [UInt8] = []
        var events: [UInt8] = []
        var rejected: [UInt8] = []
    }

    /// - Parameter columns: the model-specific columns the run's model fills; the others are left
    ///   empty (`temperature_source`: `not used`).
    static func rows(_ outcome: PaddyOutcome, rule: String, calendar: CFCalendar, columns: ReportColumns) -> Rows {
        var out = Rows()
        for r in outcome.results { seasonRows(r, rule: rule, columns: columns, into: &out) }
        for r in outcome.rejections { out.rejected += rejectedRow(r, calendar: calendar) }
        return out
    }

    func write(_ rows: Rows) throws {
        try seasons.write(rows.seasons)
        try events.write(rows.events)
        try rejected.write(rows.rejected)
    }

    private static func seasonRows(_ r: PaddySeasonResult, rule: String, columns: ReportColumns, into out: inout Rows) {
        let cal = r.calendar
        let a = r.assessment
        var row = CSVRow()
        row.text(r.paddyID)
        row.text(r.region ?? "")
        row.text(cal.date(ofDay: a.window.firstDay).description)
        row.text(cal.date(ofDay: a.window.lastDay).description)
        row.int(r.days)
        row.number(r.areaHa, decimals: 6)
        row.text(a.waterSupply.rawValue)
        row.text(a.regime.rawValue)
        row.text(a.preSeason?.rawValue ?? "unknown")
        row.int(a.events.count)
        row.int(a.drainedDays)
        row.number(a.filledFraction, decimals: 4)
        row.number(a.missingFraction, decimals: 4)
        row.number(r.amendmentRateTPerHa, decimals: 3)
        if columns.contains(.ipccFactors), let f = r.factors {
            for v in [f.sfW, f.sfP, f.sfO, f.sfSR, f.baselineEF] { row.number(v, decimals: 6) }
            row.text(f.baselineKey)
        } else {
            for _ in 0..<6 { row.empty() }
        }
        row.number(r.efKgPerHaPerDay, decimals: 6)
        row.number(r.ch4Kg, decimals: 6)
        row.number(r.co2eT, decimals: 6)
        row.text(r.method)
        row.text(r.parameterSetID)
        row.text(rule)
        row.text(columns.contains(.temperatureSource) ? r.temperatureSource : "not used")
        row.end()
        out.seasons += row.bytes
        for e in a.events {
            var ev = CSVRow()
            ev.text(r.paddyID)
            ev.text(cal.date(ofDay: a.window.firstDay).description)
            ev.text(cal.date(ofDay: e.firstDay).description)
            ev.int(e.lengthDays)
            ev.number(Double(e.minLevelCm), decimals: 2)
            ev.int(e.observedDays)
            ev.text(e.isInferred ? "yes" : "no")
            ev.end()
            out.events += ev.bytes
        }
    }

    private static func rejectedRow(_ r: Rejection, calendar: CFCalendar) -> [UInt8] {
        var row = CSVRow()
        row.int(r.paddyIndex)
        row.text(r.paddyID)
        row.text(r.season.map { calendar.date(ofDay: $0.firstDay).description } ?? "")
        row.text(r.season.map { calendar.date(ofDay: $0.lastDay).description } ?? "")
        row.text(r.reason)
        row.end()
        return row.bytes
    }

    /// Writes the summary tables, the uncertainty table (IPCC methods with draws) and the
    /// manifest, then renames every report into place.
    func finish(aggregate: InventoryAggregate, manifest: [(String, String)], uncertainty: UncertaintySettings?) throws {
        var files = [("region_summary.csv", Self.regionSummary(aggregate)), ("crt_3c.csv", Self.crtTable(aggregate))]
        if let u = uncertainty { files.append(("uncertainty.csv", Self.uncertaintyTable(aggregate, u))) }
        files.append(("manifest.json", Self.json(manifest)))
        var written: [AtomicFile] = []
        for (name, text) in files {
            let f = try AtomicFile(directory.appendingPathComponent(name))
            try f.write(text)
            written.append(f)
        }
        for f in all + written { try f.commit() }
    }

    /// IPCC Approach 2 and Approach 1 for the total and each CRT row: CH4 [t] and CO2e [t] with
    /// their 95 % intervals, all rows drawn together (the factors are shared).
    static func uncertaintyTable(_ agg: InventoryAggregate, _ u: UncertaintySettings) -> String {
        let rows = CRTRow.allCases.filter { agg.weightsByCRT[$0] != nil }
        var total = CategoryWeights()
        for r in rows { total.add(agg.weightsByCRT[r]!) }
        let sets = [total] + rows.map { agg.weightsByCRT[$0]! }
        let labels = ["Rice cultivation: total"] + rows.map(\.label)
        let codes = ["3.C"] + rows.map(\.code)
        let draws = MonteCarlo(model: u.model, draws: u.draws, seed: u.seed).totals(sets)
        var out = "code,category,ch4_t,ch4_t_low95,ch4_t_high95,co2e_t,co2e_t_low95,co2e_t_high95,approach1_u95_pct,draws,seed\n"
        for i in sets.indices {
            let deterministic = zip(sets[i].keys, sets[i].weights).reduce(0.0) { $0 + $1.1 * u.model.ef(u.model.plan($1.0), u.model.values) }
            let d = DrawSummary(draws[i])
            var row = CSVRow()
            row.text(codes[i])
            row.text(labels[i])
            for v in [deterministic, d.low95, d.high95] { row.number(v / 1000, decimals: 6) }
            for v in [deterministic, d.low95, d.high95] { row.number(v * u.gwp / 1000, decimals: 6) }
            row.number(100 * u.model.approach1(sets[i]), decimals: 3)
            row.int(u.draws)
            row.text(String(u.seed))
            row.end()
            out += String(decoding: row.bytes, as: UTF8.self)
        }
        return out
    }

    /// Renames the row files into place (a shard: the summaries come from `merge`).
    func commitRows() throws {
        for f in all { try f.commit() }
    }

    /// Appends the data rows of another run's row files (a shard's), in order.
    func appendRows(from directory: URL) throws {
        for f in all { try f.appendRows(of: directory.appendingPathComponent(f.url.lastPathComponent)) }
    }

    func discard() { all.forEach { $0.discard() } }

    static func regionSummary(_ agg: InventoryAggregate) -> String {
        var out = "region,paddy_seasons,area_ha,ch4_t,co2e_t,ch4_kg_per_ha\n"
        for region in agg.byRegion.keys.sorted() {
            out += totalsRow(region, agg.byRegion[region]!)
        }
        out += totalsRow("TOTAL", agg.total)
        return out
    }

    private static func totalsRow(_ name: String, _ t: EmissionTotals) -> String {
        var row = CSVRow()
        row.text(name)
        row.int(t.seasons)
        row.number(t.areaHa, decimals: 4)
        row.number(t.ch4Kg / 1000, decimals: 6)
        row.number(t.co2eT, decimals: 6)
        row.number(t.ch4KgPerHa, decimals: 4)
        row.end()
        return String(decoding: row.bytes, as: UTF8.self)
    }

    /// CRT 3.C: harvested area [kha and 10⁹ m²], organic amendments added [t ha⁻¹], implied emission
    /// factor [g CH4 m⁻²], CH4 [kt]. Subtotals and the total are sums of the rows above them.
    static func crtTable(_ agg: InventoryAggregate) -> String {
        var out = "code,category,paddy_seasons,harvested_area_kha,harvested_area_1e9_m2,organic_amendments_t_ha,implied_ef_g_m2,ch4_kt\n"
        func line(_ code: String, _ label: String, _ t: EmissionTotals) {
            var row = CSVRow()
            row.text(code)
            row.text(label)
            row.int(t.seasons)
            row.number(t.areaHa / 1000, decimals: 6)
            row.number(t.areaHa / 100_000, decimals: 6)
            row.number(t.amendmentTPerHa, decimals: 4)
            row.number(t.ch4KgPerHa / 10, decimals: 6)
            row.number(t.ch4Kg / 1e6, decimals: 9)
            row.end()
            out += String(decoding: row.bytes, as: UTF8.self)
        }
        var grand = EmissionTotals()
        for (code, title) in [("3.C.1", "Irrigated"), ("3.C.2", "Rainfed"), ("3.C.3", "Deep water"), ("3.C.4", "Other")] {
            var sub = EmissionTotals()
            for row in CRTRow.allCases where row.code == code {
                let t = agg.byCRT[row] ?? EmissionTotals()
                line(code, row.label, t)
                sub.add(t)
            }
            line(code, "\(title): total", sub)
            grand.add(sub)
        }
        line("3.C", "Rice cultivation: total", grand)
        return out
    }

    /// A flat JSON object with string values, keys in the given order.
    static func json(_ pairs: [(String, String)]) -> String {
        func quote(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        }
        return "{\n" + pairs.map { "  \(quote($0.0)): \(quote($0.1))" }.joined(separator: ",\n") + "\n}\n"
    }
}
