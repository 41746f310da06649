import ArgumentParser
import Foundation
import NetCDF
import PaddyMethane

/// Writes synthetic paddy water-level files in the input contract's layout: the bundled example
/// and, on demand, large files for benchmarks. Every number here shapes made-up data only.
@main
struct PaddySynth: ParsableCommand {
    /// The process-wide set-up first, then the command.
    static func main() {
        NetCDFProcess.setUp()
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "paddy-synth",
        abstract: "Write a synthetic NetCDF-4 file of paddy water levels (CF-1.8 timeSeries).")

    @Option(name: .shortAndLong, help: "Output NetCDF file.")
    var out: String

    @Option(help: "Number of paddies.")
    var paddies: Int = 300

    @Option(help: "First day (YYYY-MM-DD, standard calendar).")
    var start: String = "2024-01-01"

    @Option(help: "Number of days.")
    var days: Int = 880

    @Option(help: "Random seed (same seed, same file).")
    var seed: UInt64 = 2024

    @Option(help: "Paddies per chunk of water_level (chunks are paddies × all days).")
    var chunkPaddies: Int = 1024

    @Option(help: "Deflate level 0-9 (0: no compression).")
    var deflate: Int = 1

    @Option(help: "Water management of the irrigated fields: archetype (each field's own) or continuous-flooding (the same fields before a project introduced drainage, for crediting look-back examples).")
    var irrigatedPractice: IrrigatedPractice = .archetype

    func validate() throws {
        guard paddies >= 1, days >= 1, (0...9).contains(deflate), chunkPaddies >= 1 else {
            throw ValidationError("--paddies, --days and --chunk-paddies must be positive; --deflate 0-9")
        }
        guard start.split(separator: "-").count == 3 else { throw ValidationError("--start must be YYYY-MM-DD") }
    }

    func run() throws {
        let regions = ["Battambang", "Takeo", "Prey Veng", "Pursat", "Kampong Thom"]
        let file = try NetCDFFile.create(out, format: .netcdf4)
        let paddyDim = try file.defineDimension("paddy", length: paddies)
        let timeDim = try file.defineDimension("time", length: days)
        let strDim = try file.defineDimension("id_strlen", length: 12)
        let id = try file.defineVariable("paddy_id", type: .char, dimensions: [paddyDim, strDim])
        try file.putAttribute("cf_role", .text("timeseries_id"), of: id)
        try file.putAttribute("long_name", .text("paddy identifier"), of: id)
        let time = try file.defineVariable("time", type: .double, dimensions: [timeDim])
        try file.putAttribute("standard_name", .text("time"), of: time)
        try file.putAttribute("units", .text("days since \(start)"), of: time)
        try file.putAttribute("calendar", .text("standard"), of: time)
        let chunk = min(chunkPaddies, paddies)
        let level = try file.defineVariable("water_level", type: .float, dimensions: [paddyDim, timeDim],
                                            chunkSizes: [chunk, days], deflateLevel: deflate > 0 ? deflate : nil, fill: -999)
        try file.putAttribute("long_name", .text("field water level relative to the soil surface (positive: ponded)"), of: level)
        try file.putAttribute("units", .text("cm"), of: level)
        try file.putAttribute("coordinates", .text("time lat lon"), of: level)
        let area = try file.defineVariable("area", type: .double, dimensions: [paddyDim])
        try file.putAttribute("units", .text("ha"), of: area)
        let lat = try file.defineVariable("lat", type: .float, dimensions: [paddyDim])
        try file.putAttribute("units", .text("degrees_north"), of: lat)
        try file.putAttribute("standard_name", .text("latitude"), of: lat)
        let lon = try file.defineVariable("lon", type: .float, dimensions: [paddyDim])
        try file.putAttribute("units", .text("degrees_east"), of: lon)
        try file.putAttribute("standard_name", .text("longitude"), of: lon)
        let region = try file.defineVariable("region", type: .string, dimensions: [paddyDim])
        let supply = try file.defineVariable("water_supply", type: .string, dimensions: [paddyDim])
        try file.putAttribute("flag_meanings", .text("irrigated rainfed deepwater upland"), of: supply)
        let amendment = try file.defineVariable("organic_amendment", type: .string, dimensions: [paddyDim])
        let rate = try file.defineVariable("organic_amendment_rate", type: .float, dimensions: [paddyDim])
        try file.putAttribute("units", .text("t ha-1"), of: rate)
        // Season dates of the upland fields (upland rice never floods, so its seasons cannot be
        // read off the water series); fill values elsewhere: those seasons are detected.
        let seasonDim = try file.defineDimension("season", length: days / 365 + 2)
        var seasonVariables: [NetCDF.Variable] = []
        for name in ["season_start", "season_end"] {
            let v = try file.defineVariable(name, type: .double, dimensions: [paddyDim, seasonDim])
            try file.putAttribute("units", .text("days since \(start)"), of: v)
            try file.putAttribute("calendar", .text("standard"), of: v)
            seasonVariables.append(v)
        }
        try file.putAttribute("Conventions", .text("CF-1.8"))
        try file.putAttribute("featureType", .text("timeSeries"))
        try file.putAttribute("title", .text("SYNTHETIC paddy water levels (not observations)"))
        try file.putAttribute("source", .text("paddy-synth --paddies \(paddies) --days \(days) --start \(start) --seed \(seed)"))
        try file.endDefine()

        try file.write(time, (0..<days).map(Double.init))
        var rng = SplitMix64(seed: seed)
        let startDayOfYear = dayOfYear(start)
        var block = 0
        while block < paddies {
            let n = min(chunk, paddies - block)
            var levels = [Float](repeating: -999, count: n * days)
            var ids: [String] = [], regs: [String] = [], sups: [String] = [], amds: [String] = []
            var areas: [Double] = [], lats: [Float] = [], lons: [Float] = [], rates: [Float] = []
            for k in 0..<n {
                let p = block + k
                let kind = irrigatedPractice.apply(Archetype.allCases[p % Archetype.allCases.count])
                let (field, crops) = kind.series(days: days, startDayOfYear: startDayOfYear, rng: &rng)
                if kind == .upland, crops.contains(where: { $0.lowerBound >= 0 && $0.upperBound < days }) {
                    let whole = crops.filter { $0.lowerBound >= 0 && $0.upperBound < days }
                    try file.write(seasonVariables[0], whole.map { Double($0.lowerBound) }, start: [p, 0], count: [1, whole.count])
                    try file.write(seasonVariables[1], whole.map { Double($0.upperBound) }, start: [p, 0], count: [1, whole.count])
                }
                let revisit = [1, 1, 1, 6, 12][Int(rng.next() % 5)]   // field sensors daily; satellites every 6 or 12 days
                let phase = Int(rng.next() % UInt64(revisit))
                for d in 0..<days where (d + phase) % revisit == 0 && rng.uniform() > 0.05 {
                    levels[k * days + d] = Float((field[d] * 10).rounded() / 10)
                }
                ids.append(String(format: "KH-%06d", p + 1))
                regs.append(regions[Int(rng.next() % UInt64(regions.count))])
                sups.append(kind.supply)
                areas.append((0.3 + 2.7 * rng.uniform() * 1000).rounded() / 1000)
                lats.append(Float(11 + 2.5 * rng.uniform()))
                lons.append(Float(103 + 2.5 * rng.uniform()))
                let (a, r) = kind.amendment(&rng)
                amds.append(a)
                rates.append(r)
            }
            try file.write(level, levels, start: [block, 0], count: [n, days])
            try file.writeStrings(id, ids, start: [block], count: [n])
            try file.writeStrings(region, regs, start: [block], count: [n])
            try file.writeStrings(supply, sups, start: [block], count: [n])
            try file.writeStrings(amendment, amds, start: [block], count: [n])
            try file.write(area, areas, start: [block], count: [n])
            try file.write(lat, lats, start: [block], count: [n])
            try file.write(lon, lons, start: [block], count: [n])
            try file.write(rate, rates, start: [block], count: [n])
            block += n
        }
        try file.closeChecked()
    }

    private func dayOfYear(_ date: String) -> Int {
        let p = date.split(separator: "-").compactMap { Int($0) }
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        return cumulative[p[1] - 1] + p[2] - 1
    }
}

/// How the irrigated fields are managed in a generated file.
enum IrrigatedPractice: String, ExpressibleByArgument, CaseIterable {
    case archetype
    case continuousFlooding = "continuous-flooding"

    /// The field's kind under this practice: drained irrigated fields become continuously flooded.
    func apply(_ kind: Archetype) -> Archetype {
        switch (self, kind) {
        case (.continuousFlooding, .midSeasonDrainage), (.continuousFlooding, .awd): .continuousFlooding
        case (.continuousFlooding, .awd2): .continuousFlooding2
        default: kind
        }
    }
}

/// Kinds of synthetic field, each a water-management practice seen in Cambodia.
enum Archetype: CaseIterable {
    case continuousFlooding, midSeasonDrainage, awd, rainfed, upland, deepWater, continuousFlooding2, awd2

    var supply: String {
        switch self {
        case .rainfed: "rainfed"
        case .upland: "upland"
        case .deepWater: "deepwater"
        default: "irrigated"
        }
    }

    func amendment(_ rng: inout SplitMix64) -> (String, Float) {
        switch rng.next() % 6 {
        case 0: ("straw_short", Float(2 + (rng.next() % 3)))
        case 1: ("compost", Float(3 + (rng.next() % 4)))
        case 2: ("straw_long", 3)
        default: ("none", 0)
        }
    }

    /// Daily levels [cm] and the crops' day ranges: irrigated fields crop a wet season (June to
    /// October) and a dry season (December to March); rainfed, deep-water and upland fields the
    /// wet season only.
    func series(days: Int, startDayOfYear: Int, rng: inout SplitMix64) -> (levels: [Double], crops: [ClosedRange<Int>]) {
        var level = [Double](repeating: -30, count: days)
        let wet = (start: 152 + Int(rng.next() % 20), length: 115 + Int(rng.next() % 15))
        let dry = (start: 340 + Int(rng.next() % 15), length: 100 + Int(rng.next() % 10))
        let seasons = self == .rainfed || self == .deepWater || self == .upland ? [wet] : [wet, dry]
        for d in 0..<days {
            let doy = (startDayOfYear + d) % 365
            level[d] = -25 - 10 * sin(Double(doy) / 365 * 2 * .pi) + rng.normal()   // dry-season water table
        }
        var crops: [ClosedRange<Int>] = []
        for year in 0...(days / 365 + 1) {
            for s in seasons {
                let first = year * 365 + s.start - startDayOfYear
                fill(&level, from: first, length: s.length, rng: &rng)
                crops.append(first...(first + s.length - 1))
            }
        }
        return (level, crops)
    }

    private func fill(_ level: inout [Double], from first: Int, length: Int, rng: inout SplitMix64) {
        let harvestDrain = 14
        let spellLength = 5 + Int(rng.next() % 14)   // a rainfed dry spell of 5-18 days each season
        for i in 0..<length {
            let d = first + i
            guard d >= 0 && d < level.count else { continue }
            let toHarvest = length - i
            var v: Double
            switch self {
            case .upland:
                v = -15 - 5 * rng.uniform()
            case .deepWater:
                v = 40 + Double(min(i, 60)) * 1.2 + 5 * rng.normal()
            case .rainfed:
                // Rain-fed ponding with dry spells in some years.
                let spell = i >= 45 && i < 45 + spellLength
                v = spell ? -5 - 5 * rng.uniform() : 6 + 2 * rng.normal()
            case .continuousFlooding, .continuousFlooding2:
                v = 7 + 2 * rng.normal()
            case .midSeasonDrainage:
                v = (i >= 35 && i < 43) ? -6 - 4 * rng.uniform() : 7 + 2 * rng.normal()
            case .awd, .awd2:
                // Safe AWD: drain from +5 to -15 cm at ~1.5 cm/day, re-flood; keep flooded around flowering.
                let cycle = 18
                let c = i % cycle
                let flowering = i >= 60 && i < 75
                v = (i < 15 || flowering || c < 5) ? 5 + rng.normal() : 5 - 1.6 * Double(c - 4) + 0.5 * rng.normal()
            }
            if toHarvest <= harvestDrain && self != .upland { v = -5 - Double(harvestDrain - toHarvest) }
            level[d] = v
        }
    }
}
