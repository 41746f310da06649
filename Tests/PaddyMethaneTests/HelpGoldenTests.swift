import Foundation
import Testing

/// `scenario-runner … --help` is the user's reference: any change of an option, a default or a
/// help text shows up here and is reviewed (`scripts/update-help-golden.sh` rewrites the files).
@Suite("--help output equals the golden files", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle (run `swift build --build-tests` first)"))
struct HelpGoldenTests {
    static let commands: [(arguments: [String], golden: String)] = [
        (["--help"], "scenario-runner"), (["run", "--help"], "run"), (["describe", "--help"], "describe"),
        (["scenarios", "--help"], "scenarios"), (["merge", "--help"], "merge"), (["import", "--help"], "import"),
        (["validate", "--help"], "validate"), (["sensitivity", "--help"], "sensitivity"), (["calibrate", "--help"], "calibrate"),
    ]

    @Test("--help", arguments: commands)
    func help(_ arguments: [String], _ golden: String) throws {
        let url = try #require(Bundle.module.url(forResource: golden, withExtension: "txt", subdirectory: "Fixtures/help"),
                               "Fixtures/help/\(golden).txt is missing: run scripts/update-help-golden.sh")
        let expected = try String(contentsOf: url, encoding: .utf8)
        let r = try runTool("scenario-runner", arguments)
        #expect(r.status == 0 && !r.signalled, "\(r.summary)")
        #expect(r.stdout == expected, "scenario-runner \(arguments.joined(separator: " ")) differs from Fixtures/help/\(golden).txt; if intended, run scripts/update-help-golden.sh")
    }
}
