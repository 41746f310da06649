import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

/// `import`: a field book written as CF-1.8 timeSeries NetCDF for archiving.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a CSV field book (readings and plot sheet) as CF-1.8 timeSeries NetCDF for archiving; read back, it gives the same paddy-season rows.")

    @Option(name: .shortAndLong, help: "Readings CSV: one row per reading (plot id, date or date-time, water level with its unit).")
    var input: String

    @Option(help: "Plot sheet CSV: one row per plot with its area and unit (area_ha).")
    var plots: String

    @Option(name: .shortAndLong, help: "NetCDF file to write (replaced only when complete).")
    var out: String

    func run() throws {
        removeTemporaryFilesOnInterrupt()
        let rejected: [Rejection]
        do {
            let book = try FieldBookSource(readings: input, plots: plots, resampler: DailyResampler(maxGapDays: 1))
            rejected = try FieldBookArchive.write(book, to: out, provenance: [
                ("software", "PaddyMethane \(PaddyMethaneVersion.string)"),
                ("command_line", CommandLine.arguments.joined(separator: " ")),
            ])
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        for r in rejected { printError("rejected plot '\(r.paddyID)': \(r.reason)") }
        if !rejected.isEmpty {
            printError("\(rejected.count) plots were rejected and are not in \(out)")
            throw ExitCode(2)
        }
    }
}
