import Foundation
import Testing
import PaddyMethane
@testable import PaddyMethaneIO

/// Totals, the CRT 3.C table, CSV number and text formatting, and SHA-256.
@Suite struct AggregationTests {
    func close(_ a: Double, _ b: Double, rel: Double = 1e-9) -> Bool { TestModels.close(a, b, rel: rel) }

    /// Five paddy-seasons over three regions and four CRT rows, computed by the engine with the
    /// ipcc-2019 set (global EF_c 1.19), explicit 100-day seasons.
    func results() throws -> [PaddySeasonResult] {
        let e = InventoryEngine(configuration: RunConfiguration(
            parameters: try TestModels.parameters(), detection: try TestModels.detection(),
            drainageRule: try TestModels.rule(), gwp: try TestModels.gwp("ar5")))
        let w = TestSeries.window(0, 99)
        // Each previous crop ended the day before (double cropping): not flooded < 180 d, SF_p 1.
        let previous = TestSeries.window(-100, -1)
        let cf = TestSeries.observed(runs: [(100, 5)])
        let awd = TestSeries.observed(runs: [(20, 5), (5, -5), (20, 5), (5, -5), (50, 5)])
        let deep = TestSeries.observed(runs: [(100, 120)])
        let straw = [OrganicAmendment(type: .straw_short, rateTPerHa: 2)]
        return [
            try e.result(TestPaddy.make("p1", index: 0, region: "Takeo", areaHa: 2, water: cf), w, previousSeason: previous),
            try e.result(TestPaddy.make("p2", index: 1, region: "Takeo", areaHa: 3, amendments: straw, water: awd), w, previousSeason: previous),
            try e.result(TestPaddy.make("p3", index: 2, region: "Kandal", areaHa: 1.5, water: cf), w, previousSeason: previous),
            try e.result(TestPaddy.make("p4", index: 3, region: nil, areaHa: 4, water: deep), w, previousSeason: previous),
            try e.result(TestPaddy.make("p5", index: 4, region: "Kandal", supply: .rainfed, areaHa: 0.5, amendments: straw, water: cf), w, previousSeason: previous),
        ]
    }

    @Test func hand() throws {
        // Hand calculation of the five rows: EF_c 1.19 × SF_w × SF_o × 100 d × area.
        let r = try results()
        let so = pow(1 + 2 * 1.00, 0.59)
        let expected = [1.19 * 1.00 * 100 * 2, 1.19 * 0.55 * so * 100 * 3, 1.19 * 1.00 * 100 * 1.5,
                        1.19 * 0.06 * 100 * 4, 1.19 * 0.54 * so * 100 * 0.5]
        for (x, y) in zip(r.map(\.ch4Kg), expected) { #expect(close(x, y)) }
        #expect(r.map { CRTRow($0.assessment) } == [.continuouslyFlooded, .multipleAeration, .continuouslyFlooded, .deepWaterOver100, .floodProne])
    }

    @Test func totalsAreSumsOfRows() throws {
        let r = try results()
        var agg = InventoryAggregate()
        r.forEach { agg.add($0) }
        let ch4 = r.reduce(0) { $0 + $1.ch4Kg }
        let area = 2 + 3 + 1.5 + 4 + 0.5
        #expect(agg.total.seasons == 5)
        #expect(close(agg.total.areaHa, area))
        #expect(close(agg.total.ch4Kg, ch4))
        #expect(close(agg.total.co2eT, ch4 * 28 / 1000))
        #expect(close(agg.total.ch4KgPerHa, ch4 / area))
        // Amendments: 2 t/ha on 3 ha + 2 t/ha on 0.5 ha = 7 t; per hectare 7 / 11.
        #expect(close(agg.total.amendmentT, 2 * 3 + 2 * 0.5))
        #expect(close(agg.total.amendmentTPerHa, 7 / area))

        #expect(Set(agg.byRegion.keys) == ["Takeo", "Kandal", InventoryAggregate.noRegion])
        #expect(close(agg.byRegion["Takeo"]!.ch4Kg, r[0].ch4Kg + r[1].ch4Kg))
        #expect(close(agg.byRegion["Kandal"]!.ch4Kg, r[2].ch4Kg + r[4].ch4Kg))
        #expect(close(agg.byRegion[InventoryAggregate.noRegion]!.ch4Kg, r[3].ch4Kg))
        #expect(agg.byRegion.values.reduce(0) { $0 + $1.seasons } == 5)
        #expect(close(agg.byRegion.values.reduce(0) { $0 + $1.ch4Kg }, ch4, rel: 1e-12))

        #expect(agg.byCRT[.continuouslyFlooded]?.seasons == 2)
        #expect(close(agg.byCRT[.continuouslyFlooded]!.ch4Kg, r[0].ch4Kg + r[2].ch4Kg))
        #expect(close(agg.byCRT[.continuouslyFlooded]!.areaHa, 3.5))
        #expect(agg.byCRT[.singleAeration] == nil)
        #expect(close(agg.byCRT.values.reduce(0) { $0 + $1.ch4Kg }, ch4, rel: 1e-12))

        // Totals of totals: adding EmissionTotals equals adding rows.
        var merged = EmissionTotals()
        agg.byRegion.keys.sorted().forEach { merged.add(agg.byRegion[$0]!) }
        #expect(merged.seasons == 5)
        #expect(close(merged.ch4Kg, ch4, rel: 1e-12))
    }

    @Test func emptyTotalsHaveZeroRates() {
        let t = EmissionTotals()
        #expect(t.ch4KgPerHa == 0)
        #expect(t.amendmentTPerHa == 0)
    }

    /// Fields of one CSV line (RFC 4180 quoting; no line breaks inside fields here).
    func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], cur = "", quoted = false
        var it = Array(line).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() { if n == "\"" { cur.append("\"") } else { quoted = false; pending = n } }
                    else { quoted = false }
                } else { cur.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(cur); cur = "" }
            else { cur.append(c) }
        }
        fields.append(cur)
        return fields
    }

    @Test func csvFieldsHelper() {
        #expect(csvFields("a,\"b, c\",\"x\"\"y\",") == ["a", "b, c", "x\"y", ""])
    }

    @Test func regionSummary() throws {
        let r = try results()
        var agg = InventoryAggregate()
        r.forEach { agg.add($0) }
        let lines = RegionSummarySection(aggregate: agg).text().split(separator: "\n").map(String.init)
        #expect(lines.first == "region,paddy_seasons,area_ha,ch4_t,co2e_t,ch4_kg_per_ha")
        #expect(lines.map { $0.split(separator: ",").first.map(String.init) ?? "" }.dropFirst()
                == ["(none)", "Kandal", "Takeo", "TOTAL"])
        // Takeo: 2 + 3 ha.
        #expect(lines[3].hasPrefix("Takeo,2,5.0000,"))
    }

    // MARK: CSV formatting

    @Test func decimalDigitsAndDates() {
        var b: [UInt8] = []
        b.appendDecimal(0); b.append(44)
        b.appendDecimal(7, minDigits: 4); b.append(44)
        b.appendDecimal(-42, minDigits: 3); b.append(44)
        b.appendDecimal(UInt64.max); b.append(44)
        b.appendDecimal(Int.min)
        #expect(String(decoding: b, as: UTF8.self) == "0,0007,-042,18446744073709551615,-9223372036854775808")
        // ISO 8601: the year padded to 4 digits, a sign before negative years.
        #expect(CalendarDate(year: 2024, month: 6, day: 1).description == "2024-06-01")
        #expect(CalendarDate(year: 12, month: 11, day: 30).description == "0012-11-30")
        #expect(CalendarDate(year: -5, month: 1, day: 9).description == "-0005-01-09")
        #expect(CalendarDate(year: 12345, month: 12, day: 31).description == "12345-12-31")
    }

    @Test func fixedPointFormatting() {
        #expect(fixedPoint(-0.0000001, decimals: 3) == "0.000")
        #expect(fixedPoint(-0.0, decimals: 2) == "0.00")
        #expect(fixedPoint(1234567.891, decimals: 2) == "1234567.89")
        #expect(fixedPoint(1e-7, decimals: 9) == "0.000000100")
        #expect(fixedPoint(1e-7, decimals: 6) == "0.000000")
        #expect(fixedPoint(42, decimals: 0) == "42")
        #expect(fixedPoint(2.5, decimals: 0) == "3")          // half away from zero
        #expect(fixedPoint(-2.5, decimals: 0) == "-3")
        #expect(fixedPoint(0.125, decimals: 2) == "0.13")     // 0.125 is exact in binary
        #expect(fixedPoint(-1.5, decimals: 1) == "-1.5")
        #expect(fixedPoint(0.05, decimals: 4) == "0.0500")
        #expect(fixedPoint(-12.3456, decimals: 2) == "-12.35")
        #expect(fixedPoint(1e20, decimals: 2) == "100000000000000000000.00")
        for v in [1e-7, 1e-12, 1e15, 1e20, 123456789012.5, -3e-9] {
            let s = fixedPoint(v, decimals: 6)
            #expect(!s.contains("e") && !s.contains("E"), "\(v) → \(s)")
            #expect(!s.contains(","))
        }
    }

    func rowText(_ build: (inout CSVRow) -> Void) -> String {
        var row = CSVRow()
        build(&row)
        row.end()
        return String(decoding: row.bytes, as: UTF8.self)
    }

    @Test func csvTextNeutralisesFormulasAndQuotes() {
        #expect(rowText { $0.text("=SUM(A1:A2)") } == "'=SUM(A1:A2)\n")
        // Plain numbers (an id "-17", "+1") run nothing and are kept; anything more is guarded.
        #expect(rowText { $0.text("+1") } == "+1\n")
        #expect(rowText { $0.text("-1") } == "-1\n")
        #expect(rowText { $0.text("+1+cmd") } == "'+1+cmd\n")
        #expect(rowText { $0.text("@cmd") } == "'@cmd\n")
        #expect(rowText { $0.text("\tx") } == "'\tx\n")
        #expect(rowText { $0.text("a=b") } == "a=b\n")
        #expect(rowText { $0.text("a,b") } == "\"a,b\"\n")
        #expect(rowText { $0.text("say \"hi\"") } == "\"say \"\"hi\"\"\"\n")
        #expect(rowText { $0.text("line1\nline2") } == "\"line1\nline2\"\n")
        #expect(rowText { $0.text("-x,y") } == "\"'-x,y\"\n")
        #expect(rowText { $0.text("") } == "\n")
        // Numbers are never prefixed; fields are comma-separated.
        #expect(rowText { $0.text("id"); $0.number(-1.5, decimals: 2); $0.int(-3); $0.text("Takeo") } == "id,-1.50,-3,Takeo\n")
    }

    /// "\r\n" is one Swift Character, equal to neither "\r" nor "\n": a field with a CRLF line break
    /// must still be quoted (RFC 4180), and one starting with CR must still be neutralised.
    @Test func csvTextQuotesCRLF() {
        #expect(rowText { $0.text("a\r\nb") } == "\"a\r\nb\"\n")
        #expect(rowText { $0.text("\r\n=1") } == "\"'\r\n=1\"\n")
    }

    // MARK: File checksums (FIPS 180-4 test vectors)

    func sha(_ s: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paddymethane-sha-\(UUID().uuidString).txt")
        try s.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try ChecksumFile.sha256(url.path)
    }

    @Test func sha256Vectors() throws {
        #expect(try sha("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try sha("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // FIPS 180-4 long message: one million "a".
        #expect(try sha(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
