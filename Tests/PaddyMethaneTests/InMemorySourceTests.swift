import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

@Suite("Sources without files")
struct InMemorySourceTests {
    @Test("an in-memory source runs through InventoryRunner: resampled on the compute threads, one row per paddy-season")
    func runsFromArrays() throws {
        let day0 = CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 6, day: 1))
        // A: 5 cm observed daily on days 0–99; B: the same observed every third day (0, 3, …, 99).
        func paddy(_ index: Int, _ id: String, step: Int) -> ObservedPaddy {
            let days = stride(from: 0, through: 99, by: step).map { Double(day0 + $0) }
            return ObservedPaddy(index: index, id: id, region: nil, waterSupply: nil, areaHa: 2, latitude: nil, longitude: nil,
                                 seasons: [SeasonWindow(firstDay: day0, lastDay: day0 + 99)], amendments: nil,
                                 grainYieldTPerHa: nil, sandFraction: nil,
                                 level: Observations(times: days, values: days.map { _ in 5 }, span: day0...(day0 + 99)), temperature: nil)
        }
        let paddies = [paddy(0, "A", step: 1), paddy(1, "B", step: 3)]
        let record = try fixtureTemporaryPath("arrays.txt")
        try "two paddies from arrays\n".write(toFile: record, atomically: true, encoding: .utf8)
        let source = ArraySource(path: record, resampler: try TestModels.resampler(), paddies: paddies)
        var options = RunOptions()
        options.draws = 0
        options.threads = 2
        let dir = try makeFixtureDirectory().appendingPathComponent("arrays")
        let engine = InventoryEngine(configuration: RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                                                     drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
        let summary = try InventoryRunner(engine: engine, options: options).run(source, into: dir)
        #expect(summary.paddiesRead == 2 && summary.seasons == 2)
        let lines = try String(contentsOf: dir.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        func column(_ name: String) throws -> [String] { let i = try #require(header.firstIndex(of: name)); return rows.map { $0[i] } }
        #expect(try column("paddy_id") == ["A", "B"])
        #expect(try column("days") == ["100", "100"])
        #expect(try column("water_regime") == ["continuously_flooded", "continuously_flooded"])
        // B: 34 of the 100 days observed, the 66 between them interpolated (gaps of 2 days).
        let filled = try column("filled_fraction").map { Double($0) ?? .nan }
        #expect(filled[0] == 0 && abs(filled[1] - 0.66) < 1e-9, "\(filled)")
        // Same regime, days and area: the same emission, whether observed daily or every third day.
        #expect(try column("ch4_kg")[0] == column("ch4_kg")[1])
    }
}
