public import PaddyMethane
import Foundation

// Reports of the process model's evaluation: validation against field experiments, sensitivity
// and calibration (`scenario-runner validate`, `sensitivity`, `calibrate`).

extension CH4MODParametersFile {
    /// A CH4MOD parameter file at `path`, decoded strictly (as `models/ch4mod.yaml`).
    public static func load(path: String) throws -> CH4MODParametersFile {
        try StrictYAML.decodeFile(CH4MODParametersFile.self, path: path, tokenKeys: tokenKeys)
    }

    /// The parameters with a range (`low`, `high`) in the file, in its order.
    public var rangedParameters: [RangedParameter] {
        provenance.compactMap { row in
            guard let low = row.factor.low, let high = row.factor.high, let key = CH4MODParameterKey.named(row.key) else { return nil }
            return RangedParameter(key: key, low: low, high: high)
        }
    }

    /// The ranged parameter `key`; nil when the file gives it no range.
    public func ranged(_ key: String) -> RangedParameter? { rangedParameters.first { $0.key.key == key } }

    /// Whether the file marks the parameter as a project choice (its source starts with "project").
    public func isProjectChoice(_ key: String) -> Bool {
        provenance.first { $0.key == key }?.factor.source.hasPrefix("project") ?? false
    }
}

/// The CSV tables of a validation.
public enum ValidationTables {
    /// A treatment's row with, when draws were made, its 95 % intervals.
    public struct Row: Sendable {
        public var row: ValidationRow
        public var interval: ValidationInterval?
        public init(row: ValidationRow, interval: ValidationInterval?) {
            self.row = row
            self.interval = interval
        }
    }

    static let rows = CSVTable<Row>([
        .text("experiment") { $0.row.experiment },
        .text("treatment") { $0.row.treatment },
        .text("practice") { $0.row.practice.rawValue },
        .int("drainages") { $0.row.drainages },
        .optional("measured_ch4_kg_ha", decimals: 1) { $0.row.measuredKgPerHa },
        .number("modelled_ch4_kg_ha", decimals: 1) { $0.row.modelledKgPerHa },
        .optional("modelled_ch4_kg_ha_low95", decimals: 1) { $0.interval?.total.low95 },
        .optional("modelled_ch4_kg_ha_high95", decimals: 1) { $0.interval?.total.high95 },
        .optional("measured_ratio", decimals: 3) { $0.row.measuredRatio },
        .optional("modelled_ratio", decimals: 3) { $0.row.modelledRatio },
        .optional("modelled_ratio_low95", decimals: 3) { $0.interval?.ratio?.low95 },
        .optional("modelled_ratio_high95", decimals: 3) { $0.interval?.ratio?.high95 },
    ])

    public struct SummaryRow: Sendable, Equatable {
        public var parameterSet: String
        /// `seasonal_total_kg_ha`, `ratio_multiple_drainage`, `ratio_mid_season_drainage`.
        public var metric: String
        public var count: Int
        public var bias: Double?
        public var rmse: Double?
        public var measuredMin: Double?
        public var measuredMax: Double?
        public var modelledMean: Double?
        public var modelledMin: Double?
        public var modelledMax: Double?
    }

    static let summary = CSVTable<SummaryRow>([
        .text("parameter_set") { $0.parameterSet },
        .text("metric") { $0.metric },
        .int("pairs") { $0.count },
        .optional("bias", decimals: 3) { $0.bias },
        .optional("rmse", decimals: 3) { $0.rmse },
        .optional("measured_min", decimals: 3) { $0.measuredMin },
        .optional("measured_max", decimals: 3) { $0.measuredMax },
        .optional("modelled_mean", decimals: 3) { $0.modelledMean },
        .optional("modelled_min", decimals: 3) { $0.modelledMin },
        .optional("modelled_max", decimals: 3) { $0.modelledMax },
    ])

    /// Summary rows of one report: the totals, then the ratios by drained practice. A practice
    /// without measured ratios still reports its modelled ratios (the measured columns are empty).
    public static func summaryRows(_ r: ValidationReport, parameterSet: String) -> [SummaryRow] {
        let t = r.totals
        let totalPairs = r.rows.compactMap { x in x.measuredKgPerHa.map { (x.modelledKgPerHa, $0) } }
        var out = [SummaryRow(parameterSet: parameterSet, metric: "seasonal_total_kg_ha", count: t.count,
                              bias: t.count > 0 ? t.bias : nil, rmse: t.count > 0 ? t.rmse : nil,
                              measuredMin: totalPairs.map(\.1).min(), measuredMax: totalPairs.map(\.1).max(),
                              modelledMean: mean(totalPairs.map(\.0)), modelledMin: totalPairs.map(\.0).min(), modelledMax: totalPairs.map(\.0).max())]
        for practice in [ValidationPractice.multipleDrainage, .midSeasonDrainage] {
            let pairs = r.ratioPairs(practice)
            let modelled = r.rows.filter { $0.practice == practice }.compactMap(\.modelledRatio)
            let e = ErrorSummary(pairs: pairs)
            out.append(SummaryRow(parameterSet: parameterSet, metric: "ratio_\(practice.rawValue)", count: e.count,
                                  bias: e.count > 0 ? e.bias : nil, rmse: e.count > 0 ? e.rmse : nil,
                                  measuredMin: pairs.map(\.measured).min(), measuredMax: pairs.map(\.measured).max(),
                                  modelledMean: mean(modelled), modelledMin: modelled.min(), modelledMax: modelled.max()))
        }
        return out
    }

    static func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }

    /// The rows; `intervals`, when given, in the order of the report's rows.
    public static func rowsCSV(_ r: ValidationReport, intervals: [ValidationInterval]? = nil) -> String {
        rows.text(r.rows.enumerated().map { i, row in Row(row: row, interval: intervals?[i]) })
    }
    public static func summaryCSV(_ s: [SummaryRow]) -> String { summary.text(s) }
}

/// The CSV table of a sensitivity analysis, one row per ranged parameter.
public enum SensitivityTable {
    static func table(projectChoice: @escaping @Sendable (String) -> Bool) -> CSVTable<SensitivityRow> {
        var columns: [Column<SensitivityRow>] = [
            .text("parameter") { $0.key },
            .text("project_choice") { projectChoice($0.key) ? "yes" : "no" },
            .number("value", decimals: 6) { $0.value },
            .number("low", decimals: 6) { $0.low },
            .number("high", decimals: 6) { $0.high },
        ]
        for (j, name) in SensitivityOutputs.names.enumerated() {
            columns.append(.number("oat_\(name)", decimals: 4) { $0.oneAtATime[j] })
            columns.append(.number("morris_mu_star_\(name)", decimals: 4) { $0.morrisMuStar[j] })
            columns.append(.number("morris_sigma_\(name)", decimals: 4) { $0.morrisSigma[j] })
            columns.append(.int("rank_\(name)") { $0.rank[j] })
        }
        return CSVTable(columns)
    }

    public static func csv(_ rows: [SensitivityRow], projectChoice: @escaping @Sendable (String) -> Bool) -> String {
        table(projectChoice: projectChoice).text(rows)
    }
}

/// A calibrated parameter file: the base file's text with the fitted values put in place, each
/// fitted entry's source saying so, and a header with the fit's provenance.
public enum CalibratedParameterFile {
    /// `values` by file key (`redox.flooded_level_cm`); every key must be present in `baseText`.
    /// - Throws: `ParameterError` naming a key the text does not contain.
    public static func render(baseText: String, values: [String: Double], header: [String]) throws(ParameterError) -> String {
        var remaining = values
        var section = ""
        var lines: [String] = []
        for line in baseText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let first = line.first, first != " ", first != "#", let colon = line.firstIndex(of: ":") {
                section = String(line[..<colon])
            }
            var out = line
            let trimmed = line.drop { $0 == " " }
            if line.hasPrefix("  "), let colon = trimmed.firstIndex(of: ":") {
                let key = section + "." + trimmed[..<colon]
                if let v = remaining.removeValue(forKey: key), let range = line.range(of: #"\{value: [-+0-9.eE]+"#, options: .regularExpression) {
                    let old = line[range].dropFirst("{value: ".count)
                    out.replaceSubrange(range, with: "{value: \(format(v))")
                    if let s = out.range(of: "source: \"") {
                        out.replaceSubrange(s, with: "source: \"calibrated (see the header; was \(old)); ")
                    }
                }
            }
            lines.append(out)
        }
        if let missing = remaining.keys.sorted().first {
            throw ParameterError(description: "\(missing): no such entry with a value in the base parameter file")
        }
        return header.map { "# " + $0 }.joined(separator: "\n") + "\n" + lines.joined(separator: "\n")
    }

    /// Shortest text that reads back as the same Double.
    static func format(_ v: Double) -> String { "\(v)" }
}
