import Foundation
import Testing
import PaddyMethaneIO

// Tests of the built `scenario-runner` executable, run as a subprocess: exit codes, the one-line
// error on stderr, --help of every subcommand, what an interrupted run leaves in the output
// folder, and identical reports for any number of threads.

// MARK: Subprocess helpers (also used by BadInputTests for inputs that could crash the process)

/// The folder of the built products: the parent of the test resource bundle
/// (…/.build/debug/PaddyMethane_PaddyMethaneTests.resources → …/.build/debug).
let productsDirectory: URL = Bundle.module.bundleURL.deletingLastPathComponent()

/// A built executable next to the test bundle, or nil when it was not built.
func builtTool(_ name: String) -> URL? {
    let url = productsDirectory.appendingPathComponent(name)
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
}

/// True when `swift build --build-tests` built the command-line tools next to the test bundle.
let cliToolsBuilt = builtTool("scenario-runner") != nil && builtTool("paddy-synth") != nil

/// The outcome of one subprocess.
struct ToolResult {
    var status: Int32
    /// True when the process ended by a signal (a crash, or a signal sent by the test).
    var signalled: Bool
    var stdout: String
    var stderr: String
    var timedOut: Bool

    /// The non-empty lines of stderr.
    var stderrLines: [String] { stderr.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
    var summary: String { "status \(status)\(signalled ? " (signal)" : "")\(timedOut ? " (timed out)" : ""), stderr: \(stderr.prefix(2000))" }
}

/// Starts a built tool under `/bin/sh -c 'ulimit -v …; exec tool …'`, so that a tool that tries
/// to allocate gigabytes fails fast instead of exhausting the machine. The process id is the
/// tool's own (exec). Output goes to temporary files (no pipe can fill up).
///
/// posix_spawn, not Foundation's Process: the child must start with an empty signal mask and
/// default handlers. A test runs on a libdispatch worker thread, which blocks SIGTERM and SIGINT,
/// and a child started from it inherits that mask, so those signals would never reach it.
final class ToolProcess {
    let pid: pid_t
    let stdoutURL: URL
    let stderrURL: URL
    private var status: Int32? = nil

    init(_ tool: String, _ arguments: [String], memoryLimitKB: Int = 4_000_000) throws {
        guard let url = builtTool(tool) else { throw FixtureError(description: "\(tool) is not built in \(productsDirectory.path)") }
        let dir = try makeFixtureDirectory()
        stdoutURL = dir.appendingPathComponent("stdout")
        stderrURL = dir.appendingPathComponent("stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGPIPE] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ["/bin/sh", "-c", "ulimit -v \(memoryLimitKB) && exec \"$0\" \"$@\"", url.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = envp.map { strdup($0) } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArgv, &cEnv)
        guard rc == 0 else { throw FixtureError(description: "posix_spawn failed: \(rc)") }
        self.pid = pid
    }

    /// True while the process has not ended (reaps it when it has).
    var isRunning: Bool {
        if status != nil { return false }
        var s: Int32 = 0
        if waitpid(pid, &s, WNOHANG) == pid { status = s; return false }
        return true
    }

    /// Waits for the process (killing it after `timeout` seconds) and collects its outcome.
    func wait(timeout: Double = 60) -> ToolResult {
        let started = Date()
        var timedOut = false
        while isRunning {
            if Date().timeIntervalSince(started) > timeout, !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(2_000)
        }
        let s = status ?? 0
        let signal = s & 0x7F
        return ToolResult(
            status: signal == 0 ? (s >> 8) & 0xFF : signal, signalled: signal != 0,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "",
            timedOut: timedOut)
    }
}

/// Runs a built tool to the end.
func runTool(_ tool: String, _ arguments: [String], timeout: Double = 60, memoryLimitKB: Int = 4_000_000) throws -> ToolResult {
    try ToolProcess(tool, arguments, memoryLimitKB: memoryLimitKB).wait(timeout: timeout)
}

/// `scenario-runner` with `--models` pointing at the repository's models.
func scenarioRunner(_ subcommand: String, _ arguments: [String], timeout: Double = 60) throws -> ToolResult {
    try runTool("scenario-runner", [subcommand] + arguments + ["--models", TestModels.directory.path], timeout: timeout)
}

/// The report files of an inventory run, by their final names.
let reportNames = ["paddy_seasons.csv", "drainage_events.csv", "rejected.csv", "region_summary.csv", "crt_3c.csv", "manifest.json"]

/// The regular files of a folder, by name (hidden temporaries included).
func folderListing(_ dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
}

/// The files of a folder that are not hidden: the reports under their final names.
func visibleFiles(_ dir: URL) -> [String] {
    folderListing(dir).filter { !$0.hasPrefix(".") }
}

/// A small clean input: `paddies` paddies flooded 5 cm for 100 days, with a declared season on
/// days 10–79, so that every paddy has a result and nothing is rejected.
func cleanInputCDL(paddies: Int = 3, badLevelPaddy: Int? = nil) -> String {
    let days = 100
    let ids = (0..<paddies).map { "\"P\($0 + 1)\"" }.joined(separator: ", ")
    let rows = (0..<paddies).map { p in
        (0..<days).map { d in p == badLevelPaddy && d == 50 ? "500" : "5" }.joined(separator: ", ")
    }.joined(separator: ",\n  ")
    let ones = Array(repeating: "1", count: paddies).joined(separator: ", ")
    return """
    netcdf clean {
    dimensions:
    \tpaddy = \(paddies) ;
    \ttime = \(days) ;
    \tid_strlen = 8 ;
    variables:
    \tchar paddy_id(paddy, id_strlen) ;
    \t\tpaddy_id:cf_role = "timeseries_id" ;
    \tdouble time(time) ;
    \t\ttime:units = "days since 2024-01-01" ;
    \t\ttime:calendar = "standard" ;
    \tfloat water_level(paddy, time) ;
    \t\twater_level:units = "cm" ;
    \t\twater_level:_FillValue = -999.f ;
    \tdouble area(paddy) ;
    \t\tarea:units = "ha" ;
    \tdouble season_start(paddy) ;
    \t\tseason_start:units = "days since 2024-01-01" ;
    \tdouble season_end(paddy) ;
    \t\tseason_end:units = "days since 2024-01-01" ;
    // global attributes:
    \t\t:Conventions = "CF-1.8" ;
    \t\t:featureType = "timeSeries" ;
    data:
    \tpaddy_id = \(ids) ;
    \ttime = \((0..<days).map(String.init).joined(separator: ", ")) ;
    \twater_level =
      \(rows) ;
    \tarea = \(ones) ;
    \tseason_start = \(Array(repeating: "10", count: paddies).joined(separator: ", ")) ;
    \tseason_end = \(Array(repeating: "79", count: paddies).joined(separator: ", ")) ;
    }
    """
}

/// A synthetic input from the built `paddy-synth`, made once per test process, sized so that a
/// debug-build `run --threads 1 --block-size 64` takes about 1–3 s.
let synthInput: Result<String, FixtureError> = {
    do {
        let path = try fixtureTemporaryPath("synth.nc")
        let r = try runTool("paddy-synth", ["--out", path, "--paddies", "2000", "--days", "365"])
        guard r.status == 0, !r.signalled else { return .failure(FixtureError(description: "paddy-synth failed: \(r.summary)")) }
        return .success(path)
    } catch {
        return .failure(FixtureError(description: "\(error)"))
    }
}()

// MARK: Tests

@Suite("scenario-runner command line", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner and paddy-synth are not built next to the test bundle (run `swift build --build-tests` first)"))
struct CLITests {
    @Test("The executables are found next to the test bundle")
    func executablesAreNextToTheTestBundle() {
        #expect(builtTool("scenario-runner") != nil, "looked in \(productsDirectory.path)")
        #expect(builtTool("paddy-synth") != nil, "looked in \(productsDirectory.path)")
    }

    @Test("A missing input: exit 1, one stderr line naming the file, no reports")
    func missingInput() throws {
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let input = try makeFixtureDirectory().appendingPathComponent("does-not-exist.nc").path
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path])
        #expect(r.status == 1 && !r.signalled, "\(r.summary)")
        #expect(r.stderrLines.count == 1, "\(r.stderrLines)")
        #expect(r.stderrLines.first?.contains(input) == true, "\(r.stderrLines)")
        #expect(visibleFiles(out).isEmpty, "\(folderListing(out))")
    }

    @Test("A garbage input: exit 1, one stderr line naming the file, no reports")
    func garbageInput() throws {
        let dir = try makeFixtureDirectory()
        let input = dir.appendingPathComponent("garbage.nc")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: input)
        let out = dir.appendingPathComponent("out")
        for subcommand in ["run", "describe"] {
            let args = subcommand == "run" ? ["--input", input.path, "--out", out.path] : ["--input", input.path]
            let r = try scenarioRunner(subcommand, args)
            #expect(r.status == 1 && !r.signalled, "\(subcommand): \(r.summary)")
            #expect(r.stderrLines.count == 1, "\(subcommand): \(r.stderrLines)")
            #expect(r.stderrLines.first?.contains(input.path) == true, "\(subcommand): \(r.stderrLines)")
        }
        #expect(visibleFiles(out).isEmpty, "\(folderListing(out))")
    }

    @Test("A clean small file: exit 0 and every report")
    func cleanRun() throws {
        let input = try ncgen(cleanInputCDL(), name: "clean")
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--quiet"])
        #expect(r.status == 0 && !r.signalled, "\(r.summary)")
        #expect(r.stderr.isEmpty, "--quiet run printed: \(r.stderr)")
        for name in reportNames {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) missing")
        }
        let seasons = try String(contentsOf: out.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8)
        #expect(seasons.split(separator: "\n").count == 4, "\(seasons)")
        let rejected = try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.split(separator: "\n").count == 1, "\(rejected)")
        #expect(!folderListing(out).contains { $0.contains(".partial-") }, "\(folderListing(out))")
    }

    @Test("A bad paddy: exit 2, rejected.csv names it, the others have results")
    func rejectedPaddy() throws {
        let input = try ncgen(cleanInputCDL(badLevelPaddy: 1), name: "onebad")
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path])
        #expect(r.status == 2 && !r.signalled, "\(r.summary)")
        #expect(r.stderr.contains("rejected.csv"), "\(r.stderr)")
        let rejected = try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        let rows = rejected.split(separator: "\n").dropFirst()
        #expect(rows.count == 1, "\(rejected)")
        #expect(rows.first?.hasPrefix("1,P2,") == true && rows.first?.contains("500") == true, "\(rejected)")
        let seasons = try String(contentsOf: out.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8)
        #expect(seasons.split(separator: "\n").dropFirst().map { $0.prefix(3) } == ["P1,", "P3,"], "\(seasons)")

        // --strict: the same file stops with exit 1 and one line naming the paddy.
        let strictOut = try makeFixtureDirectory().appendingPathComponent("out")
        let s = try scenarioRunner("run", ["--input", input, "--out", strictOut.path, "--strict", "--quiet"])
        #expect(s.status == 1 && !s.signalled, "\(s.summary)")
        #expect(s.stderrLines.count == 1 && s.stderrLines.first?.contains("'P2'") == true && s.stderrLines.first?.contains(input) == true,
                "\(s.stderrLines)")
        #expect(visibleFiles(strictOut).isEmpty, "\(folderListing(strictOut))")
    }

    static let helpOptions: [(String, [String])] = [
        ("run", ["--input", "--out", "--method", "--climate", "--daily-netcdf", "--parameters", "--ipcc-region",
                 "--drainage-rule", "--gwp", "--amendment", "--config", "--draws", "--seed", "--activity-data", "--base-year", "--shard", "--max-gap-days",
                 "--block-size", "--threads", "--strict", "--quiet", "--models", "--help"]),
        ("describe", ["--input", "--max-gap-days", "--models", "--sample", "--config", "--parameters", "--drainage-rule", "--help"]),
        ("scenarios", ["--input", "--scenarios", "--out", "--draws", "--seed", "--series-netcdf", "--max-gap-days",
                       "--block-size", "--threads", "--strict", "--quiet", "--models", "--help"]),
    ]

    @Test("--help of each subcommand mentions every option", arguments: helpOptions)
    func help(_ subcommand: String, _ options: [String]) throws {
        let r = try runTool("scenario-runner", [subcommand, "--help"])
        #expect(r.status == 0 && !r.signalled, "\(r.summary)")
        let text = r.stdout + r.stderr
        for option in options {
            #expect(text.contains(option), "\(subcommand) --help does not mention \(option):\n\(text)")
        }
    }

    @Test("An unknown option is a usage error (exit 64)")
    func usageError() throws {
        let r = try runTool("scenario-runner", ["run", "--input", "x.nc", "--out", "o", "--no-such-option"])
        #expect(r.status == 64 && !r.signalled, "\(r.summary)")
    }

    // MARK: Interrupted runs

    /// Starts `run` on the synthetic input, waits for the first `.partial-` temporary in `out`,
    /// sends `signal` and waits. Returns the outcome, or nil (with an issue) if no temporary appeared.
    private func interruptedRun(_ input: String, into out: URL, signal: Int32) throws -> ToolResult? {
        let p = try ToolProcess("scenario-runner", ["run", "--input", input, "--out", out.path, "--threads", "1",
                                                    "--block-size", "64", "--draws", "0", "--quiet", "--models", TestModels.directory.path])
        var sawPartial = false
        // Up to 60 s: a cold start on a loaded machine (first run after a build) can take seconds.
        for _ in 0..<6000 where p.isRunning {
            if folderListing(out).contains(where: { $0.hasSuffix(".partial-\(p.pid)") }) { sawPartial = true; break }
            usleep(10_000)
        }
        guard sawPartial else {
            let r = p.wait()
            Issue.record("no .partial- file appeared in \(out.path) before the run ended: \(r.summary)")
            return nil
        }
        kill(p.pid, signal)
        let r = p.wait(timeout: 30)
        // SIGKILL ends the process; on SIGINT and SIGTERM it removes its temporary files and exits 128 + signal.
        let ended = signal == SIGKILL ? r.signalled && r.status == signal : !r.signalled && r.status == 128 + signal
        #expect(ended, "signal \(signal): the run was not ended by the signal (it finished first? the input is too small): \(r.summary)")
        if signal != SIGKILL {
            #expect(!folderListing(out).contains { $0.hasSuffix(".partial-\(p.pid)") }, "signal \(signal): temporary files left: \(folderListing(out))")
        }
        return r
    }

    @Test("A run killed while writing leaves no report under its final name", arguments: [SIGKILL, SIGTERM, SIGINT])
    func killedRunLeavesNoReports(signal: Int32) throws {
        let input = try synthInput.get()
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        guard try interruptedRun(input, into: out, signal: signal) != nil else { return }
        let left = folderListing(out)
        #expect(visibleFiles(out).isEmpty, "signal \(signal): reports exist after an interrupted run: \(left)")
    }

    @Test("A run killed while writing leaves the previous complete reports byte-identical")
    func killedRunKeepsPreviousReports() throws {
        let input = try synthInput.get()
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let complete = try scenarioRunner("run", ["--input", input, "--out", out.path, "--threads", "2", "--draws", "0", "--quiet"], timeout: 120)
        #expect([0, 2].contains(complete.status) && !complete.signalled, "\(complete.summary)")
        let names = visibleFiles(out)
        #expect(Set(reportNames).isSubset(of: names), "\(names)")
        var before: [String: Data] = [:]
        for name in names { before[name] = try Data(contentsOf: out.appendingPathComponent(name)) }
        for signal in [SIGKILL, SIGTERM, SIGINT] {
            guard try interruptedRun(input, into: out, signal: signal) != nil else { continue }
            #expect(visibleFiles(out) == names, "signal \(signal): \(folderListing(out))")
            for name in names {
                let now = try? Data(contentsOf: out.appendingPathComponent(name))
                #expect(now == before[name], "signal \(signal): \(name) changed (\(now?.count ?? -1) bytes, was \(before[name]?.count ?? -1))")
            }
        }
    }

    // MARK: Determinism

    @Test("Reports are byte-identical with 1 and 2 threads; the manifest differs only in time and command line")
    func threadsDoNotChangeReports() throws {
        let input = try synthInput.get()
        var dirs: [URL] = []
        for threads in ["1", "2"] {
            let out = try makeFixtureDirectory().appendingPathComponent("out-\(threads)")
            let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--threads", threads, "--block-size", "100", "--draws", "50", "--quiet"], timeout: 120)
            #expect([0, 2].contains(r.status) && !r.signalled, "threads \(threads): \(r.summary)")
            dirs.append(out)
        }
        #expect(visibleFiles(dirs[0]) == visibleFiles(dirs[1]))
        #expect(Set(reportNames).isSubset(of: visibleFiles(dirs[0])), "\(visibleFiles(dirs[0]))")
        for name in visibleFiles(dirs[0]) where name != "manifest.json" {
            let a = try Data(contentsOf: dirs[0].appendingPathComponent(name))
            let b = try Data(contentsOf: dirs[1].appendingPathComponent(name))
            #expect(a == b, "\(name) differs between --threads 1 and --threads 2 (\(a.count) vs \(b.count) bytes)")
            #expect(a.count > 0)
        }
        func manifestLines(_ dir: URL) throws -> [String] {
            try String(contentsOf: dir.appendingPathComponent("manifest.json"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
                .filter { !$0.contains("\"created_utc\"") && !$0.contains("\"command_line\"") }
        }
        #expect(try manifestLines(dirs[0]) == manifestLines(dirs[1]))
    }
}
