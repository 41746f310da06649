import ArgumentParser
import Foundation
import NetCDF
import PaddyMethane
import PaddyMethaneIO

/// A byte-mutation fuzzer for the NetCDF wrapper and the CF reader: mutates seed files, writes
/// each input to `--work/current.nc`, opens it first in a `scenario-runner probe` child as the
/// command line does (a crash or hang there is the netCDF/HDF5 libraries', caught and counted),
/// then reads it in this process as a run would (every block, every paddy through the Tier 1
/// engine). Errors are the expected outcome; a crash or a hang in this process leaves
/// `current.nc` behind for `scripts/fuzz.sh` to keep.
@main
struct PaddyFuzz: ParsableCommand {
    /// The process-wide set-up first, then the command.
    static func main() {
        NetCDFProcess.setUp()
        main(nil)
    }

    static let configuration = CommandConfiguration(commandName: "paddy-fuzz",
                                                    abstract: "Fuzz the NetCDF and CF timeSeries reader with mutated seed files.")

    @Option(help: "Folder of seed files (.nc).")
    var corpus: String = "Tests/FuzzCorpus"

    @Option(help: "Working folder (current.nc is written here).")
    var work: String = "/tmp/paddymethane-fuzz"

    @Option(help: "Stop after this many seconds.")
    var seconds: Double = 60

    @Option(help: "Random seed.")
    var seed: UInt64 = UInt64(Date().timeIntervalSince1970)

    @Option(help: "Folder of parameter files.")
    var models: String = "models"

    @Option(help: "The scenario-runner executable for the probe child (empty: no probe).")
    var probe: String = ""

    @Option(help: "Seed formats: classic (CDF-1/2/5, read by netCDF-C alone) or all (also NetCDF-4/HDF5).")
    var formats: String = "all"

    func run() throws {
        let seeds = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".nc") }.sorted()
            .map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: corpus).appendingPathComponent($0))) }
            .filter { formats == "all" || $0.starts(with: Array("CDF".utf8)) }
        guard !seeds.isEmpty else { throw ValidationError("no .nc seed files in \(corpus)") }
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let library = ModelLibrary(directory: URL(fileURLWithPath: models))
        let detection = try library.detectionSettings()
        let resampler = DailyResampler(maxGapDays: detection.maxGapDays)
        let engine = InventoryEngine(configuration: RunConfiguration(
            parameters: try library.parameterSet("ipcc-2019").0, detection: detection,
            drainageRule: try library.drainageRule("ipcc"), gwp: try library.gwp("ar5")))
        let path = URL(fileURLWithPath: work).appendingPathComponent("current.nc").path
        var rng = SplitMix64(seed: seed)
        let deadline = Date().addingTimeInterval(seconds)
        var executions = 0, opened = 0, paddies = 0, libraryCrashes = 0, libraryHangs = 0
        let countFile = URL(fileURLWithPath: work).appendingPathComponent("executions")
        while Date() < deadline {
            var bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
            for _ in 0...Int(rng.next() % 4) { mutate(&bytes, &rng) }
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw ValidationError("cannot write \(path)") }
            executions += 1
            if executions % 50 == 0 { try? "\(executions)".write(to: countFile, atomically: true, encoding: .utf8) }
            if !probe.isEmpty {
                switch InputProbe.run(executable: URL(fileURLWithPath: probe), path, timeout: 10) {
                case .crashed: libraryCrashes += 1; continue
                case .timedOut: libraryHangs += 1; continue
                case .finished, .notStarted: break
                }
            }
            guard let reader = try? PaddyFileReader(path: path, resampler: resampler) else { continue }
            opened += 1
            var start = 0
            while start < min(reader.paddyCount, 10_000), let records = try? reader.read(start: start, count: 64), !records.isEmpty {
                for case .paddy(let p) in records { _ = engine.evaluate(p); paddies += 1 }
                start += records.count
            }
        }
        try? "\(executions)".write(to: countFile, atomically: true, encoding: .utf8)
        print("executions \(executions) opened \(opened) paddies \(paddies) library-crashes \(libraryCrashes) library-hangs \(libraryHangs) seed \(seed)")
    }

    /// One random mutation: flip a bit, set a byte to an interesting value, overwrite a 4-byte
    /// integer, truncate, duplicate or delete a run of bytes.
    private func mutate(_ b: inout [UInt8], _ rng: inout SplitMix64) {
        guard !b.isEmpty else { b = [0x43, 0x44, 0x46, 0x01]; return }
        let i = Int(rng.next() % UInt64(b.count))
        switch rng.next() % 6 {
        case 0: b[i] ^= UInt8(1 << (rng.next() % 8))
        case 1: b[i] = [0, 1, 0x7F, 0x80, 0xFF][Int(rng.next() % 5)]
        case 2:
            let v: UInt32 = [0, 1, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000, UInt32(truncatingIfNeeded: rng.next())][Int(rng.next() % 6)]
            for k in 0..<4 where i + k < b.count { b[i + k] = UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32(k))) }
        case 3: b.removeSubrange(i...)
        case 4:
            let n = min(Int(rng.next() % 64) + 1, b.count - i)
            b.insert(contentsOf: b[i..<(i + n)], at: i)
        default:
            let n = min(Int(rng.next() % 64) + 1, b.count - i)
            b.removeSubrange(i..<(i + n))
        }
    }
}
