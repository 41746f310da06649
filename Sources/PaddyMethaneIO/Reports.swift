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
    /// `out_of_scope.csv`, when an inventory year is given.
    private let outOfScope: AtomicFile?
    /// `scenario_paddy_seasons.csv`, for a scenario run.
    private let scenarioSeasons: AtomicFile?
    /// The paddy attributes of `paddy_seasons.csv`, in column order.
    let attributes: [String]
    /// `monitoring_fields.csv`, for a scenario run with a crediting view.
    private let monitoringFields: AtomicFile?
    private var all: [AtomicFile] { [seasons, events, rejected] + [outOfScope, scenarioSeasons, monitoringFields].compactMap { $0 } }
    /// The workbook and HTML report to write besides the CSVs, and what the HTML report collects.
    private let documents: ReportDocuments
    private var figures: ReportFigures

    init(directory: URL, scenarioRows: Bool = false, monitoringRows: Bool = false, reporting: ReportingOptions = ReportingOptions(),
         documents: ReportDocuments = ReportDocuments()) throws {
        self.directory = directory
        self.documents = documents
        figures = ReportFigures(plotting: documents.plotPaddies)
        attributes = reporting.attributes
        if let clash = attributes.first(where: Set(Self.seasonColumns.map(\.name)).contains) {
            throw ReportError("paddy attribute \(clash) has the name of a column of paddy_seasons.csv: rename the variable in the input")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        seasons = try AtomicFile(directory.appendingPathComponent("paddy_seasons.csv"))
        events = try AtomicFile(directory.appendingPathComponent("drainage_events.csv"))
        rejected = try AtomicFile(directory.appendingPathComponent("rejected.csv"))
        outOfScope = reporting.inventoryYear == nil ? nil : try AtomicFile(directory.appendingPathComponent(Self.outOfScopeFileName))
        scenarioSeasons = scenarioRows ? try AtomicFile(directory.appendingPathComponent(ScenarioSeasonRows.fileName)) : nil
        monitoringFields = monitoringRows ? try AtomicFile(directory.appendingPathComponent(MonitoringFieldRows.fileName)) : nil
        try seasons.write(Self.seasonTable(attributes: attributes).header)
        try events.write(Self.eventTable.header)
        try rejected.write(Self.rejectedTable.header)
        try outOfScope?.write(Self.outOfScopeTable.header)
        try scenarioSeasons?.write(ScenarioSeasonRows.table.header)
        try monitoringFields?.write(MonitoringFieldRows.table.header)
    }

    /// One paddy's rows of the row reports, formatted (on any thread).
    struct Rows: Sendable {
        var seasons: [UInt8] = []
        var events: [UInt8] = []
        var rejected: [UInt8] = []
        var outOfScope: [UInt8] = []
        var scenarioSeasons: [UInt8] = []
        var monitoringFields: [UInt8] = []
        /// What the HTML report shows of the paddy (`ReportDocuments.figure`), when one is written.
        var figure: PaddyFigure? = nil
        /// The paddy's seasons under the process model's draws, when drawn (summed on the worker).
        var processDraws: ProcessDrawSums? = nil
    }

    /// How a run's rows are formatted: the drainage rule's name, the calendar, the model-specific
    /// columns the run's model fills (the others are left empty; `temperature_source`: `not used`)
    /// and the `paddy_seasons.csv` table with the run's attribute columns.
    struct RowFormat: Sendable {
        var rule: String
        var calendar: CFCalendar
        var columns: ReportColumns
        var seasons: CSVTable<SeasonRow>
        /// False leaves out the paddy-season and drainage-event rows (a grid run without
        /// `--cell-rows`); rejections are always written.
        var paddyRows = true
    }

    /// The row format of this run's reports.
    func format(rule: String, calendar: CFCalendar, columns: ReportColumns, paddyRows: Bool = true) -> RowFormat {
        RowFormat(rule: rule, calendar: calendar, columns: columns, seasons: Self.seasonTable(attributes: attributes), paddyRows: paddyRows)
    }

    static func rows(_ outcome: PaddyOutcome, format: RowFormat) -> Rows {
        var out = Rows()
        for r in outcome.results where format.paddyRows {
            format.seasons.append((r, format.rule, format.columns), to: &out.seasons)
            for e in r.assessment.events { eventTable.append((r, e), to: &out.events) }
        }
        for r in outcome.rejections { rejectedTable.append((r, format.calendar), to: &out.rejected) }
        for s in outcome.outOfScope { outOfScopeTable.append((s, format.calendar), to: &out.outOfScope) }
        return out
    }

    /// Writes one paddy's rows; `outcome` is the paddy's, for the HTML report's figures.
    func write(_ rows: Rows, outcome: PaddyOutcome) throws {
        if documents.html != nil { figures.add(rows.figure, outcome) }
        try seasons.write(rows.seasons)
        try events.write(rows.events)
        try rejected.write(rows.rejected)
        try outOfScope?.write(rows.outOfScope)
        if let scenarioSeasons { try scenarioSeasons.write(rows.scenarioSeasons) }
        if let monitoringFields { try monitoringFields.write(rows.monitoringFields) }
    }

    /// One paddy-season, the drainage rule's name and the columns its model fills.
    typealias SeasonRow = (result: PaddySeasonResult, rule: String, columns: ReportColumns)

    /// The IPCC factors of a row whose model fills them, else nil (empty cells).
    private static func factors(_ s: SeasonRow) -> EmissionFactors? { s.columns.contains(.ipccFactors) ? s.result.factors : nil }

    private static func date(_ r: PaddySeasonResult, _ day: Int) -> String { r.calendar.date(ofDay: day).description }

    /// `paddy_seasons.csv` with one column per paddy attribute after the fixed columns.
    static func seasonTable(attributes: [String]) -> CSVTable<SeasonRow> {
        CSVTable(seasonColumns + attributes.map { name in .text(name) { $0.result.attributes[name] ?? "" } })
    }

    /// The fixed columns of `paddy_seasons.csv`: one row per paddy-season (the README's data dictionary).
    static let seasonColumns: [Column<SeasonRow>] = [
        .text("paddy_id") { $0.result.paddyID },
        .text("region") { $0.result.region ?? "" },
        .text("season_start") { date($0.result, $0.result.assessment.window.firstDay) },
        .text("season_end") { date($0.result, $0.result.assessment.window.lastDay) },
        .int("days") { $0.result.days },
        .number("area_ha", decimals: 6) { $0.result.areaHa },
        .text("water_supply") { $0.result.assessment.waterSupply.rawValue },
        .text("water_regime") { $0.result.assessment.regime.rawValue },
        .text("pre_season") { $0.result.assessment.preSeason?.rawValue ?? "unknown" },
        .int("drainage_events") { $0.result.assessment.events.count },
        .int("drained_days") { $0.result.assessment.drainedDays },
        .number("filled_fraction", decimals: 4) { $0.result.assessment.filledFraction },
        .number("missing_fraction", decimals: 4) { $0.result.assessment.missingFraction },
        .number("organic_amendment_t_ha", decimals: 3) { $0.result.amendmentRateTPerHa },
        .optional("sf_w", decimals: 6) { factors($0)?.sfW },
        .optional("sf_p", decimals: 6) { factors($0)?.sfP },
        .optional("sf_o", decimals: 6) { factors($0)?.sfO },
        .optional("sf_sr", decimals: 6) { factors($0)?.sfSR },
        .optional("ef_c_kg_ha_day", decimals: 6) { factors($0)?.baselineEF },
        .text("ef_c_entry") { factors($0)?.baselineKey ?? "" },
        .number("ef_kg_ha_day", decimals: 6) { $0.result.efKgPerHaPerDay },
        .number("ch4_kg", decimals: 6) { $0.result.ch4Kg },
        .number("co2e_t", decimals: 6) { $0.result.co2eT },
        .text("method") { $0.result.method },
        .text("parameter_set") { $0.result.parameterSetID },
        .text("drainage_rule") { $0.rule },
        .text("temperature_source") { $0.columns.contains(.temperatureSource) ? $0.result.temperatureSource : "not used" },
        .number("ch4_kg_ha", decimals: 6) { $0.result.ch4Kg / $0.result.areaHa },
        .number("co2e_t_ha", decimals: 6) { $0.result.co2eT / $0.result.areaHa },
        .optional("grain_yield_t_ha", decimals: 4) { $0.result.grainYieldTPerHa },
        .optional("co2e_kg_per_kg_grain", decimals: 6) { $0.result.co2eKgPerKgGrain },
    ]

    /// `drainage_events.csv`: the evidence behind each drainage regime.
    static let eventTable = CSVTable<(result: PaddySeasonResult, event: DrainageEvent)>([
        .text("paddy_id") { $0.result.paddyID },
        .text("season_start") { date($0.result, $0.result.assessment.window.firstDay) },
        .text("event_start") { date($0.result, $0.event.firstDay) },
        .int("length_days") { $0.event.lengthDays },
        .number("min_level_cm", decimals: 2) { Double($0.event.minLevelCm) },
        .int("observed_days") { $0.event.observedDays },
        .text("inferred") { $0.event.isInferred ? "yes" : "no" },
    ])

    /// `rejected.csv`: a paddy or one of its seasons left out, and why.
    static let rejectedTable = CSVTable<(rejection: Rejection, calendar: CFCalendar)>([
        .int("paddy_index") { $0.rejection.paddyIndex },
        .text("paddy_id") { $0.rejection.paddyID },
        .text("season_start") { r in r.rejection.season.map { r.calendar.date(ofDay: $0.firstDay).description } ?? "" },
        .text("season_end") { r in r.rejection.season.map { r.calendar.date(ofDay: $0.lastDay).description } ?? "" },
        .text("reason") { $0.rejection.reason },
    ])

    static let outOfScopeFileName = "out_of_scope.csv"

    /// `out_of_scope.csv`: a season harvested outside the inventory year, left out of the totals.
    static let outOfScopeTable = CSVTable<(season: OutOfScopeSeason, calendar: CFCalendar)>([
        .int("paddy_index") { $0.season.paddyIndex },
        .text("paddy_id") { $0.season.paddyID },
        .text("region") { $0.season.region ?? "" },
        .text("season_start") { $0.calendar.date(ofDay: $0.season.window.firstDay).description },
        .text("season_end") { $0.calendar.date(ofDay: $0.season.window.lastDay).description },
        .int("harvest_year") { InventoryYear.harvestYear(of: $0.season.window, calendar: $0.calendar) },
        .text("reason") { $0.season.reason },
    ])

    /// Writes the summary sections of `state` and the manifest, then renames every report into place.
    func finish(_ state: RunState, manifest: Manifest) throws {
        if documents.html != nil { try figures.checkPlotted() }
        var written: [AtomicFile] = []
        for (name, text) in state.sections {
            let f = try AtomicFile(directory.appendingPathComponent(name))
            try f.write(text.text)
            written.append(f)
        }
        let m = try AtomicFile(directory.appendingPathComponent("manifest.json"))
        try m.write([UInt8](try manifest.json))
        written.append(m)
        written += try writeDocuments(state, manifest: manifest)
        for f in all + written { try f.commit() }
    }

    /// The row reports as written so far (flushed to their temporary files), with their columns.
    private func rowReports() throws -> [ReportSource] {
        var tables = [(seasons, Self.seasonTable(attributes: attributes).specs), (events, Self.eventTable.specs), (rejected, Self.rejectedTable.specs)]
        if let outOfScope { tables.append((outOfScope, Self.outOfScopeTable.specs)) }
        if let scenarioSeasons { tables.append((scenarioSeasons, ScenarioSeasonRows.table.specs)) }
        if let monitoringFields { tables.append((monitoringFields, MonitoringFieldRows.table.specs)) }
        return try tables.map { file, columns in
            try file.flush()
            return ReportSource(fileName: file.url.lastPathComponent, columns: columns, content: .file(file.temporary))
        }
    }

    /// Writes the workbook and the HTML report under temporary names; returns them to commit.
    private func writeDocuments(_ state: RunState, manifest: Manifest) throws -> [AtomicFile] {
        guard !documents.isEmpty else { return [] }
        let rows = try rowReports()
        let sections = state.sections
        var out: [AtomicFile] = []
        do {
            if let url = documents.workbook {
                let f = try AtomicFile(url)
                out.append(f)
                let summaries = sections.map { ReportSource(fileName: $0.0, columns: $0.1.columns, content: .text($0.1.text)) }
                try ReportWorkbook.write(to: f.temporary.path, reports: summaries + rows, manifest: try manifest.json)
            }
            if let url = documents.html {
                let f = try AtomicFile(url)
                out.append(f)
                try f.write(HTMLReport(manifest: manifest, state: state, sections: sections, rejected: rows[2], figures: figures).page)
            }
        } catch {
            out.forEach { $0.discard() }
            throw error
        }
        return out
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
