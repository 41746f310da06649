import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

/// Options shared by the process-model evaluation commands: the experiments and the parameters.
struct EvaluationOptions: ParsableArguments {
    @Option(help: "Field experiments (YAML, the format of models/validation/ch4mod-field-experiments.yaml; the default).")
    var set: String?

    @Option(name: .customLong("process-parameters"), help: "CH4MOD parameter file (default: models/ch4mod.yaml).")
    var processParameters: String?

    @Option(help: "Folder of parameter files (default: ./models, or beside the executable, or $PADDYMETHANE_MODELS).")
    var models: String?

    func library() throws -> ModelLibrary {
        if let models { return ModelLibrary(directory: URL(fileURLWithPath: models)) }
        guard let lib = ModelLibrary.locate() else { throw ValidationError("cannot find the models/ folder; pass --models DIR") }
        return lib
    }

    var setPath: String {
        get throws { try set ?? library().directory.appendingPathComponent("validation/ch4mod-field-experiments.yaml").path }
    }

    var parameterPath: String {
        get throws { try processParameters ?? library().url(for: "ch4mod").path }
    }

    /// The parameter file, its parameters and the experiments.
    func load() throws -> (file: CH4MODParametersFile, parameters: CH4MODParameters, validator: CH4MODValidator) {
        let file = try CH4MODParametersFile.load(path: parameterPath)
        let p = try file.validated()
        let set = try ValidationSetFile.load(path: setPath)
        return (file, p, CH4MODValidator(experiments: try set.experiments(parameters: p, parameterFile: file)))
    }
}

/// Writes `text` to `dir/name`, creating `dir`.
func writeReport(_ text: String, dir: String, name: String) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try text.write(toFile: (dir as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run CH4MOD on field experiments and compare measured and modelled seasonal CH4 and reduction ratios.",
        discussion: "Writes validation.csv (one row per treatment, with 95 % intervals over --draws parameter sets) and validation_summary.csv (bias and RMSE of the totals and the ratios) into --out; with --html also a page with the measured-vs-modelled charts.")

    @OptionGroup var evaluation: EvaluationOptions

    @Option(name: .shortAndLong, help: "Output folder for validation.csv and validation_summary.csv.")
    var out: String

    @Option(help: "Monte Carlo draws over the ranged CH4MOD parameters (uniform over each range, shared by all treatments) for 95 % intervals (0: none).")
    var draws: Int = 0

    @Option(help: "Seed of the draws.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Also write a self-contained HTML page (bias and RMSE, measured-vs-modelled scatters of the totals and of the reduction ratios with the 1:1 line) to this file.", valueName: "FILE"))
    var html: String?

    func validate() throws {
        if draws < 0 { throw ValidationError("--draws must not be negative") }
    }

    func run() throws {
        do {
            let (file, p, validator) = try evaluation.load()
            let report = try validator.report(p)
            let summary = ValidationTables.summaryRows(report, parameterSet: try evaluation.parameterPath)
            let intervals = draws > 0
                ? try validator.intervals(CH4MODParameterDraws(base: p, ranged: file.rangedParameters, draws: draws, seed: seed)) : nil
            try writeReport(ValidationTables.rowsCSV(report, intervals: intervals), dir: out, name: "validation.csv")
            try writeReport(ValidationTables.summaryCSV(summary), dir: out, name: "validation_summary.csv")
            if let html {
                let (set, parameters) = (try evaluation.setPath, try evaluation.parameterPath)
                let page = ValidationPage.html(report, summary: summary, source: "validation set \(set), parameters \(parameters)")
                try page.write(toFile: html, atomically: true, encoding: .utf8)
            }
            print(ValidationTables.summaryCSV(summary), terminator: "")
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

struct Sensitivity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Vary each ranged CH4MOD parameter over its range (one at a time and a Morris screen) on the field experiments.",
        discussion: "Writes sensitivity.csv into --out: per parameter, the change of the continuously flooded seasonal total and of the multiple- and mid-season-drainage ratios between the ends of its range, the Morris mu* and sigma, and the rank by each.")

    @OptionGroup var evaluation: EvaluationOptions

    @Option(name: .shortAndLong, help: "Output folder for sensitivity.csv.")
    var out: String

    @Option(help: "Morris trajectories (each costs one run per ranged parameter plus one).")
    var trajectories: Int = 10

    @Option(help: "Seed of the Morris screen.")
    var seed: UInt64 = 1

    func validate() throws {
        if trajectories < 1 { throw ValidationError("--trajectories must be at least 1") }
    }

    func run() throws {
        do {
            let (file, p, validator) = try evaluation.load()
            let analysis = CH4MODSensitivity(validator: validator, base: p, ranged: file.rangedParameters)
            let (_, rows) = try analysis.run(trajectories: trajectories, seed: seed)
            let csv = SensitivityTable.csv(rows, projectChoice: { file.isProjectChoice($0) })
            try writeReport(csv, dir: out, name: "sensitivity.csv")
            print(csv, terminator: "")
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit chosen CH4MOD parameters to measured seasonal totals and ratios by bounded least squares and write a new parameter file.",
        discussion: "Residuals are ln(modelled/measured); bounds are the parameters' low and high in the parameter file. The new file carries the fit's provenance (data file checksum, parameters, residuals) in its header.")

    @OptionGroup var evaluation: EvaluationOptions

    @Option(name: .customLong("fit"), parsing: .upToNextOption, help: "Parameters to fit, by file key (e.g. substrate.soil_om_t_ha redox.flooded_level_cm).")
    var fit: [String]

    @Option(name: .shortAndLong, help: "The calibrated parameter file to write (YAML).")
    var out: String

    @Option(help: "Most model evaluations of the fit.")
    var maxEvaluations: Int = 400

    func validate() throws {
        if fit.isEmpty { throw ValidationError("--fit needs at least one parameter key") }
    }

    func run() throws {
        do {
            let (file, p, validator) = try evaluation.load()
            let free = try fit.map { key -> RangedParameter in
                guard let r = file.ranged(key) else {
                    let keys = file.rangedParameters.map(\.key.key)
                    throw ValidationError("--fit \(key): not a parameter with a range (low, high) in the parameter file"
                                          + (StrictYAML.nearest(key, keys).map { "; did you mean \"\($0)\"?" } ?? ""))
                }
                return r
            }
            let calibration = CH4MODCalibration(validator: validator, base: p, free: free)
            let result = try calibration.fit(maxEvaluations: maxEvaluations)
            let setPath = try evaluation.setPath, baseParameters = try evaluation.parameterPath
            var header = [
                "Calibrated by scenario-runner calibrate (\(PaddyMethaneVersion.string)) on \(ISO8601DateFormatter().string(from: Date())).",
                "Data: \(setPath) sha256 \(try ChecksumFile.sha256(setPath)); base parameters: \(baseParameters) sha256 \(try ChecksumFile.sha256(baseParameters)).",
                "Method: bounded Nelder-Mead on the sum of squared ln(modelled/measured) residuals; \(result.evaluations) evaluations, converged: \(result.converged).",
                String(format: "Sum of squares: %.6f before, %.6f after.", result.sumOfSquaresBefore, result.sumOfSquaresAfter),
            ]
            for (r, v) in zip(free, result.values) {
                header.append("Fitted \(r.key.key) = \(v) (was \(r.key.value(p)); bounds \(r.low) to \(r.high)).")
            }
            header.append("Residuals (experiment, treatment, kind, measured, modelled, ln ratio):")
            for r in result.residuals {
                header.append(String(format: "  %@ %@ %@ %.3f %.3f %+.4f", r.experiment, r.treatment, r.kind, r.measured, r.modelled, r.logResidual))
            }
            let text = try CalibratedParameterFile.render(baseText: String(contentsOfFile: baseParameters, encoding: .utf8),
                                                          values: Dictionary(uniqueKeysWithValues: zip(free.map(\.key.key), result.values)),
                                                          header: header)
            try text.write(toFile: out, atomically: true, encoding: .utf8)
            print(header.joined(separator: "\n"))
        } catch let e as ValidationError {
            printError("error: \(e.message)")
            throw ExitCode(64)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
