import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the folders written by `run --shard K/N` or `scenarios --shard K/N` into the reports one run gives.")

    @Option(name: .shortAndLong, help: "Output folder for the merged reports.")
    var out: String

    @Argument(help: "The shard folders, all N of them, in any order.")
    var shards: [String]

    @Option(help: ArgumentHelp("Also write every merged report table, the data dictionary and the manifest into this .xlsx workbook.", valueName: "FILE"))
    var xlsx: String?

    @Flag(help: "No summary on standard error.")
    var quiet = false

    func run() throws {
        try withExitCodes(out: out, quiet: quiet) {
            let summary = try ShardMerge.merge(shards.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out),
                                               workbook: xlsx.map { URL(fileURLWithPath: $0) })
            if !quiet {
                printError(String(format: "%d shards, %d paddies read: %d with results, %d rejected; %.3f t CO2e → %@", shards.count,
                                  summary.paddiesRead, summary.paddiesWithResults, summary.paddiesRejected, summary.aggregate.total.co2eT, out))
            }
            return summary
        }
    }
}
