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

    /// Refuses the documents with `--shard`: the workbook is written by `merge --xlsx`; the HTML
    /// report needs every paddy's figure, collected by a whole run.
    func validate(shard: Bool) throws {
        guard shard else { return }
        if xlsx != nil { throw ValidationError("--xlsx cannot be combined with --shard: give it to merge (merge --xlsx FILE --out DIR SHARDS...)") }
        if html != nil { throw ValidationError("--html cannot be combined with --shard: the HTML report needs a whole run (run without --shard)") }
    }

    var documents: ReportDocuments {
        var d = ReportDocuments()
        d.workbook = xlsx.map { URL(fileURLWithPath: $0) }
        d.html = html.map { URL(fileURLWithPath: $0) }
        d.plotPaddies = plotPaddies.map { $0.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) } }
        return d
    }
}
