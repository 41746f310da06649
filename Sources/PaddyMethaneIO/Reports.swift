import PaddyMethane
import Foundation

/// The CSV reports of an inventory run, each written atomically into `directory`: the row
/// reports, written paddy by paddy, then the summary sections and the manifest.
/// The data dictionary in README.md documents every column and its unit.
final class InventoryReports {
    let directory: URL
    private let seasons: AtomicFile
    private let events: AtomicFile
    private let rejected: AtomicFile
    /// `scenario_paddy_seasons.csv`, for a scenario run.
    private let scenarioSeasons: AtomicFile?
    private var all: [AtomicFile] { [seasons, events, rejected] + (scenarioSeasons.map { [$0] } ?? []) }

    static let seasonHeader = "paddy_id,region,season_start,season_end,days,area_ha,water_supply,water_regime,pre_season,drainage_events,drained_days,filled_fraction,missing_fraction,organic_amendment_t_ha,sf_w,sf_p,sf_o,sf_sr,ef_c_kg_ha_day,ef_c_entry,ef_kg_ha_day,ch4_kg,co2e_t,method,parameter_set,drainage_rule,temperature_source\n"

    init(directory: URL, scenarioRows: Bool = false) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        seasons = try AtomicFile(directory.appendingPathComponent("paddy_seasons.csv"))
        events = try AtomicFile(directory.appendingPathComponent("drainage_events.csv"))
        rejected = try AtomicFile(directory.appendingPathComponent("rejected.csv"))
        scenarioSeasons = scenarioRows ? try AtomicFile(directory.appendingPathComponent(ScenarioSeasonRows.fileName)) : nil
        try seasons.write(Self.seasonHeader)
        try events.write("paddy_id,season_start,event_start,length_days,min_level_cm,observed_days,inferred\n")
        try rejected.write(Self.rejectedTable.header)
        try scenarioSeasons?.write(ScenarioSeasonRows.table.header)
    }

    /// One paddy's rows of the three row reports, formatted (on any thread).
    struct Rows: Sendable {
        var seasons: [UInt8] = []
        var events: [UInt8] = []
        var rejected: [UInt8] = []
        var scenarioSeasons: [UInt8] = []
    }

    /// - Parameter ipccFactors: whether the IPCC factors computed the emission; when not (the
    ///   process model), the factor columns are left empty.
    static func rows(_ outcome: PaddyOutcome, rule: String, calendar: CFCalendar, ipccFactors: Bool) -> Rows {
        var out = Rows()
        for r in outcome.results { seasonRows(r, rule: rule, ipccFactors: ipccFactors, into: &out) }
        for r in outcome.rejections { out.rejected += rejectedRow(r, calendar: calendar) }
        return out
    }

    func write(_ rows: Rows) throws {
        try seasons.write(rows.seasons)
        try events.write(rows.events)
        try rejected.write(rows.rejected)
        if let scenarioSeasons { try scenarioSeasons.write(rows.scenarioSeasons) }
    }

    private static func seasonRows(_ r: PaddySeasonResult, rule: String, ipccFactors: Bool, into out: inout Rows) {
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
        if ipccFactors {
            for v in [r.factors.sfW, r.factors.sfP, r.factors.sfO, r.factors.sfSR, r.factors.baselineEF] { row.number(v, decimals: 6) }
            row.text(r.factors.baselineKey)
        } else {
            for _ in 0..<6 { row.empty() }
        }
        row.number(r.efKgPerHaPerDay, decimals: 6)
        row.number(r.ch4Kg, decimals: 6)
        row.number(r.co2eT, decimals: 6)
        row.text(r.method)
        row.text(r.parameterSetID)
        row.text(rule)
        row.text(r.temperatureSource)
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

    /// `rejected.csv`: a paddy or one of its seasons left out, and why.
    static let rejectedTable = CSVTable<(rejection: Rejection, calendar: CFCalendar)>([
        .int("paddy_index") { $0.rejection.paddyIndex },
        .text("paddy_id") { $0.rejection.paddyID },
        .text("season_start") { r in r.rejection.season.map { r.calendar.date(ofDay: $0.firstDay).description } ?? "" },
        .text("season_end") { r in r.rejection.season.map { r.calendar.date(ofDay: $0.lastDay).description } ?? "" },
        .text("reason") { $0.rejection.reason },
    ])

    private static func rejectedRow(_ r: Rejection, calendar: CFCalendar) -> [UInt8] {
        Array(rejectedTable.line((r, calendar)).utf8)
    }

    /// Writes the summary sections of `state` and the manifest, then renames every report into place.
    func finish(_ state: RunState, manifest: Manifest) throws {
        var written: [AtomicFile] = []
        for (name, text) in state.sections {
            let f = try AtomicFile(directory.appendingPathComponent(name))
            try f.write(text)
            written.append(f)
        }
        let m = try AtomicFile(directory.appendingPathComponent("manifest.json"))
        try m.write([UInt8](try manifest.json))
        written.append(m)
        for f in all + written { try f.commit() }
    }

    /// Completes a run: the whole run writes its summaries and manifest; a shard writes its state
    /// for `merge` (`ShardState`) and only its rows.
    func complete(_ state: RunState, settings: RunSettings, invocation: Invocation, shard: Shard?, paddyCount: Int,
                  namedRegions: [RegionReference], ids: [UInt64]) throws {
        guard let shard else {
            return try finish(state, manifest: Manifest(invocation: invocation, settings: settings, summary: state.summary))
        }
        let range = shard.range(of: paddyCount)
        try ShardState(shard: shard.index, shards: shard.count, firstPaddy: range.lowerBound, endPaddy: range.upperBound,
                       settings: settings, namedRegions: namedRegions, state: state).write(into: directory, ids: ids)
        try commitRows()
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
}
