import ArgumentParser
import Foundation
import PaddyMethaneIO

/// Options of the documents written besides the CSV reports: the workbook and the HTML report.
struct DocumentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write every report table, the data dictionary and the manifest into this .xlsx workbook.", valueName: "FILE"))
    var xlsx: String?

    @Option(help: ArgumentHelp("Also write a self-contained HTML report (summary, CRT table, charts, map, evidence, water levels) to this file.", valueName: "FILE"))
    var html: String?

    @Option(help: ArgumentHelp("Paddy ids whose water level the HTML report plots, comma-separated (default: the first \(ReportDocuments.defaultPlotCount) paddies of the file).", valueName: "IDS"))
    var plotPaddies: String?

    func validate() throws {
        if plotPaddies != nil && html == nil { throw ValidationError("--plot-paddies needs --html") }
    }

    /// Refuses the documents with `--shard`: they are written by the whole run (or by `merge`'s run).
    func validate(shard: Bool) throws {
        if shard && (xlsx != nil || html != nil) { throw ValidationError("--xlsx and --html cannot be combined with --shard: run without --shard") }
    }

    var documents: ReportDocuments {
        var d = ReportDocuments()
        d.workbook = xlsx.map { URL(fileURLWithPath: $0) }
        d.html = html.map { URL(fileURLWithPath: $0) }
        d.plotPaddies = plotPaddies.map { $0.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) } }
        return d
    }
}
