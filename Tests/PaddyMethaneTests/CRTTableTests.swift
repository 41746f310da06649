import Foundation
import Testing
import PaddyMethane
@testable import PaddyMethaneIO

/// CRT Table 3.C as the reporting tables lay it out, checked against a table made by hand for
/// five paddy-seasons computed by the engine (ipcc-2019, global EF_c 1.19 kg CH4 ha⁻¹ d⁻¹,
/// 100-day seasons 2020-01-01…2020-04-09, each after a crop that ended the day before: SF_p 1).
@Suite struct CRTTableTests {
    /// A: continuously flooded, 2 ha, no amendment.
    /// B: AWD (multiple aeration), 3 ha, straw incorporated shortly before, 2 t ha⁻¹ dry.
    /// C: continuously flooded, 1 ha, farmyard manure 10 t ha⁻¹ fresh.
    /// D: upland rice (declared), 0.5 ha.
    /// E: irrigated, 30 of its 100 days unknown (70 % < 80 % known): regime not determined, 1 ha.
    func seasons() throws -> [PaddySeasonResult] {
        let e = InventoryEngine(configuration: RunConfiguration(
            parameters: try TestModels.parameters(), detection: try TestModels.detection(),
            drainageRule: try TestModels.rule(), gwp: try TestModels.gwp("ar5")))
        let w = TestSeries.window(0, 99), previous = TestSeries.window(-100, -1)
        let cf = TestSeries.observed(runs: [(100, 5)])
        let awd = TestSeries.observed(runs: [(20, 5), (5, -5), (20, 5), (5, -5), (50, 5)])
        let dry = TestSeries.observed(runs: [(100, -20)])
        let gappy = TestSeries.withMissing(cf, 40..<70)
        return [
            try e.result(TestPaddy.make("A", index: 0, areaHa: 2, water: cf), w, previousSeason: previous),
            try e.result(TestPaddy.make("B", index: 1, areaHa: 3, amendments: [OrganicAmendment(type: .straw_short, rateTPerHa: 2)], water: awd),
                         w, previousSeason: previous),
            try e.result(TestPaddy.make("C", index: 2, areaHa: 1, amendments: [OrganicAmendment(type: .farmyard_manure, rateTPerHa: 10)], water: cf),
                         w, previousSeason: previous),
            try e.result(TestPaddy.make("D", index: 3, supply: .upland, areaHa: 0.5, water: dry), w, previousSeason: previous),
            try e.result(TestPaddy.make("E", index: 4, areaHa: 1, water: gappy), w, previousSeason: previous),
        ]
    }

    enum Cell: Equatable {
        case key(String)
        case number(Double)
    }

    @Test func crtRowsAndNotationKeysMatchTheHandMadeTable() throws {
        let r = try seasons()
        #expect(r.map { CRTRow($0.assessment) } == [.continuouslyFlooded, .multipleAeration, .continuouslyFlooded, .upland, .irrigatedNotDisaggregated])
        var aggregate = InventoryAggregate(), breakdowns = Breakdowns()
        for x in r {
            aggregate.add(x)
            breakdowns.add(x, seasons: nil, groupBy: [])
        }
        let text: String = CRTSection(aggregate: aggregate, breakdowns: breakdowns, year: InventoryYear(2020)).text()

        // Eq. 5.1–5.3 by hand: CH4 = 1.19 × SF_w × SF_o × 100 d × area, SF_o = (1 + ROA × CFOA)^0.59.
        let a = 1.19 * 1.00 * 100 * 2                              // 238 kg
        let b = 1.19 * 0.55 * pow(1 + 2 * 1.00, 0.59) * 100 * 3    // 196.35 × 3^0.59 = 375.43 kg
        let c = 1.19 * 1.00 * pow(1 + 10 * 0.21, 0.59) * 100 * 1   // 119 × 3.1^0.59 = 231.97 kg
        let e = 1.19 * 0.60 * 100 * 1                              // aggregated irrigated SF_w 0.60: 71.4 kg
        #expect(TestModels.close(r[0].ch4Kg, a) && TestModels.close(r[1].ch4Kg, b) && TestModels.close(r[2].ch4Kg, c))
        #expect(TestModels.close(r[4].ch4Kg, e) && r[3].ch4Kg == 0)

        let NO = Cell.key("NO"), NA = Cell.key("NA")
        let noRow: [Cell] = [NO, NO, NO, NO, NO, NO, NO, NO, NO]
        /// Harvested area [ha] → kha and 10⁹ m² (1 ha = 10⁴ m²); IEF g m⁻² = kg ha⁻¹ / 10; kt = kg / 10⁶.
        func row(_ ha: Double, straw: Double?, manure: Double?, ch4Kg: Double) -> [Cell] {
            [.number(ha / 1000), .number(ha * 1e4 / 1e9), straw.map(Cell.number) ?? NO, NO, NO, manure.map(Cell.number) ?? NO, NO,
             .number(ch4Kg / ha / 10), .number(ch4Kg / 1e6)]
        }
        // (code, category, paddy-seasons, cells): amendment cells are t per ha of the line's whole
        // harvested area, straw (dry) and farmyard manure (fresh) in columns of their own.
        let expected: [(String, String, Int, [Cell])] = [
            ("3.C.1", "1. Irrigated", 3, row(6, straw: 2.0 * 3 / 6, manure: 10.0 * 1 / 6, ch4Kg: a + b + c)),
            ("3.C.1.a", "Continuously flooded", 2, row(3, straw: nil, manure: 10.0 / 3, ch4Kg: a + c)),
            ("3.C.1.b.i", "Intermittently flooded: single aeration", 0, noRow),
            ("3.C.1.b.ii", "Intermittently flooded: multiple aeration", 1, row(3, straw: 2, manure: nil, ch4Kg: b)),
            ("3.C.2", "2. Rainfed", 0, noRow),
            ("3.C.2.a", "Flood prone", 0, noRow),
            ("3.C.2.b", "Drought prone", 0, noRow),
            ("3.C.3", "3. Deep water", 0, noRow),
            ("3.C.3.a", "Water depth 50-100 cm", 0, noRow),
            ("3.C.3.b", "Water depth > 100 cm", 0, noRow),
            ("3.C.4", "4. Other (please specify)", 1, row(1, straw: nil, manure: nil, ch4Kg: e)),
            ("3.C.4.a", "Irrigated: water regime not determined (IPCC aggregated SF_w)", 1, row(1, straw: nil, manure: nil, ch4Kg: e)),
            ("3.C.4.b", "Rainfed: water regime not determined (IPCC aggregated SF_w)", 0, noRow),
            ("3.C", "Rice cultivation: total of 1-4", 4, row(7, straw: 6.0 / 7, manure: 10.0 / 7, ch4Kg: a + b + c + e)),
            // Upland rice and the total carry harvested area only (0.5 ha; 7.5 ha with upland).
            ("upland", "Upland rice", 1, [.number(0.0005), .number(0.000005), NA, NA, NA, NA, NA, NA, NA]),
            ("total_area", "Total", 5, [.number(0.0075), .number(0.000075), NA, NA, NA, NA, NA, NA, NA]),
        ]

        var lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.removeFirst() == ["code", "category", "inventory_year", "paddy_seasons", "harvested_area_kha", "harvested_area_1e9_m2",
                                        "organic_amendment_straw_short_dry_t_ha", "organic_amendment_straw_long_dry_t_ha",
                                        "organic_amendment_compost_fresh_t_ha", "organic_amendment_farmyard_manure_fresh_t_ha",
                                        "organic_amendment_green_manure_fresh_t_ha", "implied_ef_g_m2", "ch4_kt"])
        #expect(lines.count == expected.count)
        // Decimals printed per column (kha 6, 10⁹ m² 6, amendments 4, IEF 6, kt 9): half a unit of the last.
        let halfUnit = [5e-7, 5e-7, 5e-5, 5e-5, 5e-5, 5e-5, 5e-5, 5e-7, 5e-10]
        for (line, (code, label, n, cells)) in zip(lines, expected) {
            #expect(line[0] == code && line[1] == label && line[2] == "2020" && line[3] == String(n), "\(line)")
            for (k, cell) in cells.enumerated() {
                let got = line[4 + k]
                switch cell {
                case .key(let key): #expect(got == key, "\(code) column \(4 + k): \(got)")
                case .number(let x):
                    let v = try #require(Double(got), "\(code) column \(4 + k): \(got) is not a number")
                    #expect(abs(v - x) <= halfUnit[k] * 1.0001, "\(code) column \(4 + k): \(v) vs \(x)")
                }
            }
        }
    }

    @Test func withoutAnInventoryYearTheYearColumnSaysAll() throws {
        let r = try seasons()
        var aggregate = InventoryAggregate()
        r.forEach { aggregate.add($0) }
        let text: String = CRTSection(aggregate: aggregate, breakdowns: Breakdowns(), year: nil).text()
        #expect(text.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",")[2] == "all" })
    }
}
