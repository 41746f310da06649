import Foundation
import Testing
@testable import PaddyMethaneIO

/// The HTML report's pieces on their own: escaping, the SVG charts' geometry (computed by hand
/// from the layout constants), the CSV reader, and the data dictionary against the README.
@Suite("HTML report pieces")
struct ChartTests {
    /// The value of attribute `name` of every element `tag` in `svg`.
    func attributes(_ svg: String, _ tag: String, _ name: String) -> [String] {
        svg.components(separatedBy: "<\(tag) ").dropFirst().compactMap { element in
            element.components(separatedBy: "\(name)=\"").dropFirst().first?.components(separatedBy: "\"").first
        }
    }

    @Test("text and attribute values are escaped once, where they enter the markup")
    func escaping() {
        let m = Markup.tag("p", ["title": "a\"b<c>"], text: "<script>alert('x') & more</script>")
        #expect(m.html == "<p title=\"a&quot;b&lt;c&gt;\">&lt;script&gt;alert(&#39;x&#39;) &amp; more&lt;/script&gt;</p>")
        // Children are markup already: nesting does not escape them again.
        #expect(Markup.tag("div", [:], [m]).html == "<div>" + m.html + "</div>")
        #expect(Markup.tag("meta", ["charset": "utf-8"]).html == "<meta charset=\"utf-8\">")
    }

    @Test("round ticks: steps of 1, 2 or 5 × 10^k covering the values")
    func ticks() {
        // 0…95 in about 5 steps: 95 / 5 = 19 → step 20, from 0 to 100.
        #expect(LinearScale.ticks(0, 95) == [0, 20, 40, 60, 80, 100])
        // −3.2…0.4: 3.6 / 5 = 0.72 → step 1, from −4 to 1.
        #expect(LinearScale.ticks(-3.2, 0.4) == [-4, -3, -2, -1, 0, 1])
        // 0.012…0.049: 0.037 / 5 = 0.0074 → step 0.01.
        #expect(LinearScale.ticks(0.012, 0.049).count == 5)
    }

    @Test("bar chart: bar lengths proportional to the values, whiskers at the interval")
    func barChart() {
        let chart = BarChart(title: "t", valueAxis: "CO2e [t]", bars: [.init(label: "A", value: 50, low: 40, high: 60), .init(label: "B", value: 100)])
        let svg = chart.svg().html
        // Ticks 0…100 (100 / 5 = 20); labels of 1 character: label width max(…) = min(300, 12 + 7) = 19;
        // the axis runs from x = 19 to 760 − 30 = 730, 711 px for 100 t.
        let widths = attributes(svg, "rect", "width").compactMap(Double.init)
        #expect(widths == [355.5, 711])
        // The whisker of A: from x(40) = 19 + 0.4 × 711 = 303.4 to x(60) = 19 + 0.6 × 711 = 445.6.
        let x1 = attributes(svg, "line", "x1"), x2 = attributes(svg, "line", "x2")
        #expect(zip(x1, x2).contains { $0 == ("303.4", "445.6") }, "\(Array(zip(x1, x2)))")
        #expect(svg.contains(">CO2e [t]</text>"))
    }

    @Test("bar chart: a negative value (a saving) runs left of the zero line")
    func negativeBar() {
        let svg = BarChart(title: "t", valueAxis: "CO2e change [t]", bars: [.init(label: "A", value: -40), .init(label: "B", value: 10)]).svg().html
        // −40…10: 50 / 5 = 10 → ticks −40…10; axis 19…730 (711 px for 50 t): x(0) = 19 + 40/50 × 711 = 587.8.
        let xs = attributes(svg, "rect", "x"), widths = attributes(svg, "rect", "width")
        #expect(xs == ["19.0", "587.8"] && widths == ["568.8", "142.2"])
        #expect(svg.contains("class=\"bar negative\""))
    }

    @Test("line chart: a missing day breaks the line; bands cover their days")
    func lineChart() {
        let chart = LineChart(title: "t", valueAxis: "water level [cm]", firstDay: 100, dayCount: 5,
                              series: [.init(name: "w", values: [1, 2, nil, 3, 4], cls: "water")],
                              bands: [.init(label: "season", firstDay: 101, lastDay: 103, cls: "season")], dateLabel: { "d\($0)" })
        let svg = chart.svg().html
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        // x runs from 64 (day 100) to 744 (day 104): 170 px a day; the band covers days 101–103,
        // from x(100.5) = 149 to x(103.5) = 659.
        #expect(attributes(svg, "rect", "x") == ["149.0"] && attributes(svg, "rect", "width") == ["510.0"])
    }

    @Test("map: five equal classes from the lowest to the highest value")
    func mapClasses() {
        let bounds = PointMap.classes([100, 300, 600])
        #expect(bounds == [100, 200, 300, 400, 500, 600])
        #expect(PointMap.classIndex(100, bounds) == 0 && PointMap.classIndex(299, bounds) == 1 && PointMap.classIndex(600, bounds) == 4)
        let svg = PointMap(title: "m", valueLegend: "kg CH4 ha-1", points: [.init(label: "a", longitude: 104, latitude: 11, value: 100),
                                                                            .init(label: "b", longitude: 105, latitude: 12, value: 600)]).svg().html
        #expect(attributes(svg, "circle", "fill") == [PointMap.palette[0], PointMap.palette[4]])
    }

    @Test("the CSV reader reads quoted fields with commas, quotes and line ends, in any pieces")
    func csvReader() {
        let text = "a,b,c\n1,\"x, \"\"y\"\"\nz\",\n"
        #expect(CSVReader.rows(text) == [["a", "b", "c"], ["1", "x, \"y\"\nz", ""]])
        var reader = CSVReader(), rows: [[String]] = []
        for byte in text.utf8 { reader.feed([byte]) { rows.append($0) } }
        #expect(rows == CSVReader.rows(text))
    }

    @Test("every declared column has a data dictionary entry named in the README")
    func dictionary() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let outputs = try #require(readme.components(separatedBy: "## Outputs (data dictionary)").last)
        let tables: [(String, [ColumnSpec])] = [
            ("paddy_seasons.csv", InventoryReports.seasonTable(attributes: []).specs), ("drainage_events.csv", InventoryReports.eventTable.specs),
            ("rejected.csv", InventoryReports.rejectedTable.specs), (RegionSummarySection.fileName, RegionSummarySection.table.specs),
            (CRTSection.fileName, CRTSection.table.specs), (UncertaintySection.fileName, UncertaintySection.table.specs),
            (ScenarioSummarySection.fileName, ScenarioSummarySection.table.specs), (ScenarioRegionsSection.fileName, ScenarioRegionsSection.table.specs),
            (CreditingSection.fileName, CreditingSection.table.specs), (ScenarioSeasonRows.fileName, ScenarioSeasonRows.table.specs),
            (InventoryReports.outOfScopeFileName, InventoryReports.outOfScopeTable.specs), (RegionSeasonSection.fileName, RegionSeasonSection.table.specs),
            (AttributeSummarySection.fileName, AttributeSummarySection.table.specs), (ApproachOneSection.fileName, ApproachOneSection.table.specs),
            (ScenarioRegionSeasonSection.fileName, ScenarioRegionSeasonSection.table.specs),
            (ScenarioAttributeSummarySection.fileName, ScenarioAttributeSummarySection.table.specs),
            (MonitoringFieldRows.fileName, MonitoringFieldRows.table.specs),
            ("validation.csv", ValidationTables.rows.specs), ("validation_summary.csv", ValidationTables.summary.specs),
            ("sensitivity.csv", SensitivityTable.table(projectChoice: { _ in true }).specs),
        ]
        for (file, columns) in tables {
            #expect(outputs.contains(file), "\(file) in the README")
            for c in columns {
                #expect(DataDictionary.entry(file: file, column: c.name) != nil, "\(file): \(c.name)")
                #expect(outputs.contains(c.name), "README: \(c.name)")
            }
        }
        #expect(DataDictionary.header(file: "paddy_seasons.csv", column: "ef_kg_ha_day") == "ef_kg_ha_day [kg CH4 ha-1 d-1]")
        #expect(DataDictionary.header(file: "paddy_seasons.csv", column: "paddy_id") == "paddy_id")
    }
}
