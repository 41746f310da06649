import PaddyMethane

/// UNFCCC reporting tables notation keys, for a cell that has no number (decision 5/CMA.3,
/// annex, "Modalities, procedures and guidelines" notation keys; the same keys as the CRF).
/// This table writes NO and NA; NE and IE are the compiler's, for what this input cannot know.
enum NotationKey: String {
    /// Not occurring: no paddy-season of the inventory falls in the row (or no season of the row
    /// received that amendment type).
    case NO
    /// Not estimated: the activity occurs but was not estimated (rejected seasons, whose water
    /// regime is unknown, are listed in rejected.csv; a compiler who does not estimate them marks
    /// the rows concerned NE).
    case NE
    /// Included elsewhere: reported in another row or table (a compiler's choice; this table
    /// reports every season in exactly one row).
    case IE
    /// Not applicable: the cell does not apply to the row (upland rice, which the Guidelines do
    /// not count as a source of CH4, has only a harvested area; the harvested-area total has
    /// only an area).
    case NA
}

/// CRT Table 3.C (Sectoral background data for agriculture: rice cultivation) as the reporting
/// tables lay it out: 1. Irrigated (continuously flooded; intermittently flooded, single
/// aeration; intermittently flooded, multiple aeration), 2. Rainfed (flood prone; drought prone),
/// 3. Deep water (water depth 50–100 cm; > 100 cm), 4. Other (please specify), then the
/// footnoted rows "Upland rice" and "Total" that carry harvested area only; columns harvested
/// area [10⁹ m² yr⁻¹], organic amendments added [t ha⁻¹, with their type], implied emission
/// factor [g CH4 m⁻²] and CH4 [kt].
///
/// Sources: decision 5/CMA.3, annex I (common reporting tables), Table 3.C; the rows and column
/// headings were checked against the Table3.C reader specification of the CRT submissions
/// (JGuetschow/UNFCCC_non-AnnexI_data, `src/unfccc_ghg_data/unfccc_crf_reader/crf_specifications/
/// crt1_specification.py`, rows "1. Irrigated" … "4. Other (please specify)", "Upland rice(4)",
/// "Total(4)"); codes as in `/work/shared/docs/science.md` section 5.
///
/// The aggregated-factor seasons (regime not determined: the IPCC aggregated SF_w of Table 5.12)
/// are specified under 4. Other: the sub-rows of 1 and 2 each stand for one water regime and the
/// category rows are the sums of their sub-rows, so a season whose regime is not known fits none
/// of them without misstating it; "Other (please specify)" is the tables' row for what the named
/// sub-categories do not cover.
enum CRTTable3C {
    /// What a line of the table holds.
    enum Kind {
        /// A water-regime sub-category or a category sum: every column.
        case emissions
        /// Upland rice and the total harvested area (footnote 4): harvested area only.
        case areaOnly
    }

    struct Line {
        var code: String
        var label: String
        /// The project's CRT rows (`CRTRow`, mapped from the water regimes) the line sums.
        var rows: [CRTRow]
        var kind: Kind
    }

    /// The table, in the reporting tables' order: the one place that maps the project's CRT rows
    /// (and through `CRTRow.init` its water regimes) to the lines of Table 3.C.
    static let lines: [Line] = [
        Line(code: "3.C.1", label: "1. Irrigated", rows: [.continuouslyFlooded, .singleAeration, .multipleAeration], kind: .emissions),
        Line(code: "3.C.1.a", label: "Continuously flooded", rows: [.continuouslyFlooded], kind: .emissions),
        Line(code: "3.C.1.b.i", label: "Intermittently flooded: single aeration", rows: [.singleAeration], kind: .emissions),
        Line(code: "3.C.1.b.ii", label: "Intermittently flooded: multiple aeration", rows: [.multipleAeration], kind: .emissions),
        Line(code: "3.C.2", label: "2. Rainfed", rows: [.floodProne, .droughtProne], kind: .emissions),
        Line(code: "3.C.2.a", label: "Flood prone", rows: [.floodProne], kind: .emissions),
        Line(code: "3.C.2.b", label: "Drought prone", rows: [.droughtProne], kind: .emissions),
        Line(code: "3.C.3", label: "3. Deep water", rows: [.deepWater50to100, .deepWaterOver100], kind: .emissions),
        Line(code: "3.C.3.a", label: "Water depth 50-100 cm", rows: [.deepWater50to100], kind: .emissions),
        Line(code: "3.C.3.b", label: "Water depth > 100 cm", rows: [.deepWaterOver100], kind: .emissions),
        Line(code: "3.C.4", label: "4. Other (please specify)", rows: [.irrigatedNotDisaggregated, .rainfedNotDisaggregated], kind: .emissions),
        Line(code: "3.C.4.a", label: "Irrigated: water regime not determined (IPCC aggregated SF_w)", rows: [.irrigatedNotDisaggregated], kind: .emissions),
        Line(code: "3.C.4.b", label: "Rainfed: water regime not determined (IPCC aggregated SF_w)", rows: [.rainfedNotDisaggregated], kind: .emissions),
        Line(code: "3.C", label: "Rice cultivation: total of 1-4", rows: emittingRows, kind: .emissions),
        Line(code: "upland", label: "Upland rice", rows: [.upland], kind: .areaOnly),
        Line(code: "total_area", label: "Total", rows: CRTRow.allCases, kind: .areaOnly),
    ]

    /// The line of the table that holds `row` alone: its code and label wherever a report has
    /// one row per CRT row (uncertainty.csv, approach1_3c.csv, the HTML report).
    static func line(of row: CRTRow) -> Line { lines.first { $0.rows == [row] }! }

    /// The rows of categories 1–4 (every row but upland rice).
    static let emittingRows = CRTRow.allCases.filter { $0 != .upland }
}

/// `crt_3c.csv`: CRT Table 3.C for the inventory year, numbers where the inventory has them and
/// notation keys where a cell has none (`NotationKey`).
struct CRTSection: ReportSection {
    let aggregate: InventoryAggregate
    let breakdowns: Breakdowns
    /// The inventory year, or nil when every season of the input is reported.
    let year: InventoryYear?

    struct Row {
        var line: CRTTable3C.Line
        var totals: EmissionTotals
        /// Σ rate × area [t] per amendment type of the line's seasons.
        var amendmentT: [AmendmentType: ExactSum]
        var year: InventoryYear?

        var occurs: Bool { totals.seasons > 0 }
        var hasEmissions: Bool { line.kind == .emissions }
    }

    static let fileName = "crt_3c.csv"

    /// A cell: the number when the line has seasons and the column applies to it, else its key.
    private static func cell(_ name: String, decimals: Int, applies: @escaping @Sendable (Row) -> Bool = { $0.hasEmissions },
                             _ value: @escaping @Sendable (Row) -> Double) -> Column<Row> {
        Column(name: name, kind: .number) { r, row in
            if !applies(r) { row.text(NotationKey.NA.rawValue) }
            else if !r.occurs { row.text(NotationKey.NO.rawValue) }
            else { row.number(value(r), decimals: decimals) }
        }
    }

    /// Organic amendments added of one type [t ha⁻¹ of the line's harvested area], in the type's
    /// weight basis; NO where no season of the line received it.
    private static func amendment(_ type: AmendmentType) -> Column<Row> {
        Column(name: "organic_amendment_\(type.rawValue)_\(type.basis.rawValue)_t_ha", kind: .number) { r, row in
            if !r.hasEmissions { row.text(NotationKey.NA.rawValue) }
            else if let t = r.amendmentT[type], r.occurs { row.number(t.value / r.totals.areaHa, decimals: 4) }
            else { row.text(NotationKey.NO.rawValue) }
        }
    }

    static let table = CSVTable<Row>([
        .text("code") { $0.line.code },
        .text("category") { $0.line.label },
        .text("inventory_year") { $0.year.map { String($0.year) } ?? "all" },
        .int("paddy_seasons") { $0.totals.seasons },
        cell("harvested_area_kha", decimals: 6, applies: { _ in true }) { $0.totals.areaHa / 1000 },
        cell("harvested_area_1e9_m2", decimals: 6, applies: { _ in true }) { $0.totals.areaHa / 100_000 },
    ] + AmendmentType.allCases.map(amendment) + [
        cell("implied_ef_g_m2", decimals: 6) { $0.totals.ch4KgPerHa / 10 },
        cell("ch4_kt", decimals: 9) { $0.totals.ch4Kg / 1e6 },
    ])

    func rows() -> [Row] {
        CRTTable3C.lines.map { line in
            var totals = EmissionTotals()
            var amendmentT: [AmendmentType: ExactSum] = [:]
            for r in line.rows {
                if let t = aggregate.byCRT[r] { totals.add(t) }
                for (type, sum) in breakdowns.amendmentsByCRT[r] ?? [:] { amendmentT[type, default: ExactSum()].add(sum) }
            }
            return Row(line: line, totals: totals, amendmentT: amendmentT, year: year)
        }
    }
}
