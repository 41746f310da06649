public import PaddyMethane
import Foundation

/// A field book as a `PaddySource`: a readings file (one row per reading: plot id, date or
/// date-time, water level with its unit in the header or in a unit column) and a plot sheet
/// (one row per plot: area with its unit, and any of region, water supply, position, season
/// dates, organic amendment, grain yield, sand fraction and free attributes such as
/// `treatment`). Both are read whole when opened (a field book of 10⁶ readings is about 30 MB);
/// blocks then hand on each plot's observations, sorted by time, exactly as a NetCDF source
/// would (times as fractional day numbers of the standard calendar, local time, levels in cm).
///
/// A problem with a header (an unknown column, a unit that is not one, a missing required
/// column) stops the run naming file, line and column; a problem with one plot's rows (a date
/// that is not one, a level that is not a number, a negative area, two different readings at
/// the same time, a plot with readings but no row in the plot sheet or the reverse) rejects that
/// plot with the file, line and column in the reason, so that it goes to rejected.csv.
public struct FieldBookSource: PaddySource {
    public let path: String
    public let plotsPath: String
    public let paddyCount: Int
    public let calendar = CFCalendar.standard
    public let geometry = SourceGeometry.stations(sharedTimeSpan: nil)
    public let survey: SourceSurvey
    public let resampler: DailyResampler
    /// The plot sheet's free columns, carried into the reports as paddy attributes.
    public let attributeNames: [String]
    /// Every plot, in the order of the plot sheet, then plots that only the readings name.
    let plots: [FieldBookPlot]

    /// The time units of the field book's observation times: seconds since 1970-01-01 00:00, local.
    static let timeUnits = try! CFTimeUnits(parsing: "seconds since 1970-01-01 00:00:00", calendar: .standard)

    /// Reads both files. - Parameter requireArea: false lets `describe` report a missing area column.
    public init(readings: String, plots plotsPath: String, resampler: DailyResampler, requireArea: Bool = true) throws(InputError) {
        path = readings
        self.plotsPath = plotsPath
        self.resampler = resampler
        var survey = SourceSurvey(format: "CSV field book (readings \(readings), plot sheet \(plotsPath))",
                                  layout: SeriesLayout(name: "field-book", description: "CSV field book: one row per reading, one row per plot"),
                                  timeUnits: Self.timeUnits, levelVariableName: "", levelUnits: "")
        let readingsTable = try CSVFile(path: readings)
        let series = try FieldBookReadings(readingsTable, survey: &survey)
        let sheet = try PlotSheet(try CSVFile(path: plotsPath), requireArea: requireArea, survey: &survey)
        var plots: [FieldBookPlot] = []
        for (k, row) in sheet.rows.enumerated() {
            plots.append(FieldBookPlot(index: k, id: row.id, sheetRow: row, readings: series.byPlot[row.id], plotsPath: plotsPath, series: series))
        }
        let known = Set(sheet.rows.map(\.id))
        for id in series.order where !known.contains(id) {
            plots.append(FieldBookPlot(index: plots.count, id: id, sheetRow: nil, readings: series.byPlot[id], plotsPath: plotsPath, series: series))
        }
        if series.exactDuplicates > 0 {
            survey.notes.append("\(readings): \(series.exactDuplicates) repeated readings (same plot, time and values as another) kept once")
        }
        self.plots = plots
        attributeNames = sheet.attributeNames
        paddyCount = plots.count
        self.survey = survey
    }

    public func paddyID(at index: Int) throws(InputError) -> String { plots[index].id }

    public func readBlock(_ range: Range<Int>) throws(InputError) -> SourceBlock {
        let range = range.clamped(to: 0..<paddyCount)
        var masking = MaskCounts()
        let records = range.map { i in
            masking.add(plots[i].levelMasking)
            return plots[i].record
        }
        return SourceBlock(records: records, levelMasking: masking)
    }
}

/// One plot: its record as the source hands it on (observed, or rejected with the reason).
struct FieldBookPlot: Sendable {
    let id: String
    let record: SourceRecord
    let levelMasking: MaskCounts
    /// Observation times as read [s since 1970-01-01 00:00, local]; empty for a rejected plot.
    private(set) var seconds: [Double] = []

    init(index: Int, id: String, sheetRow: PlotSheet.Row?, readings: PlotReadings?, plotsPath: String, series: FieldBookReadings) {
        self.id = id
        levelMasking = readings?.masking ?? MaskCounts()
        func reject(_ reason: String) -> SourceRecord { .rejected(Rejection(paddyIndex: index, paddyID: id, reason: reason)) }
        guard let row = sheetRow else {
            let lines = readings.map { " (\(series.path) lines \($0.firstLine)–\($0.lastLine))" } ?? ""
            record = reject("plot '\(id)' has readings\(lines) but no row in the plot sheet \(plotsPath): add it with its area")
            return
        }
        if case .failure(let p) = row.meta {
            record = reject(p.reason)
            return
        }
        guard let readings else {
            record = reject("plot '\(id)' (\(plotsPath) line \(row.line)) has no readings in \(series.path)")
            return
        }
        switch (row.meta, readings.observations) {
        case (.failure(let p), _), (_, .failure(let p)): record = reject(p.reason)
        case (.success(let meta), .success(let o)):
            seconds = o.seconds
            record = .observed(ObservedPaddy(
                index: index, id: id, region: meta.region, waterSupply: meta.waterSupply, areaHa: meta.areaHa,
                latitude: meta.latitude, longitude: meta.longitude, seasons: meta.seasons, amendments: meta.amendments,
                grainYieldTPerHa: meta.grainYieldTPerHa, sandFraction: meta.sandFraction, attributes: meta.attributes,
                level: o.level, temperature: o.temperature))
        }
    }
}
