import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// Satellite grids as paddy sources: a paddy per rice cell, cell areas, regions, and the bad
/// inputs of a grid, each with one clear message.
@Suite("Grid inputs")
struct GridSourceTests {
    static let flood: FloodStatusSettings = { try! TestModels.detection().floodStatus }()
    static let cellSettings: GridCellSettings = { try! TestModels.library.gridCellSettings() }()

    /// The three rice cells of the GDAL fixture: (0, 0) drains once, (0, 2) stays flooded
    /// (fractions 0.8, the drainage pass 0.8 too, dry 0.3), (1, 1) drains with a fraction of
    /// exactly 0.5 (not above the threshold: not flooded). The other cells have data (0).
    static func floodCells() -> [[Double?]] {
        let none = [Double?](repeating: 0, count: 30)
        return [GridFixtures.floodSeries(), none, GridFixtures.floodSeries(drained: 0.8, flooded: 0.8, dry: 0.3),
                none, GridFixtures.floodSeries(drained: 0.5), none]
    }

    static func open(_ cdl: String, mask: String? = "rice", regionCodes: [Int: String]? = nil) throws -> GridSource {
        try open(path: try ncgen(cdl), mask: mask, regionCodes: regionCodes)
    }

    static func open(path: String, mask: String?, regionCodes: [Int: String]? = nil) throws -> GridSource {
        var names = InputNames()
        names.mask = mask
        return try GridSource(path: path, names: names, resampler: try TestModels.resampler(), floodStatus: flood,
                              cellSettings: cellSettings, regionCodes: regionCodes)
    }

    static func observed(_ grid: GridSource) throws -> [ObservedPaddy] {
        try grid.readBlock(0..<grid.paddyCount).records.compactMap { if case .observed(let p) = $0 { p } else { nil } }
    }

    @Test("a 0.01° cell at 11.5° N has the geodesic area of the WGS 84 ellipsoid: hand calculation")
    func cellAreaAt11_5N() throws {
        // WGS 84: a = 6378137 m, f = 1/298.257223563, e² = f(2 − f) = 0.00669437999014.
        // φ = 11.5°: sin²φ = 0.0397475733, 1 − e² sin²φ = 0.9997339154.
        // N = a / √(1 − e² sin²φ) = 6378985.734 m; M = a(1 − e²)/(1 − e² sin²φ)^1.5 = 6337968.820 m.
        // A ≈ M · N · cos φ · Δφ · Δλ with Δφ = Δλ = 0.01° = 1.745329252e-4 rad, cos φ = 0.9799247046:
        //   6337968.820 × 6378985.734 × 0.9799247046 × (1.745329252e-4)² = 1206838.54 m² = 120.683854 ha
        // (the small-cell form of the exact zone area; they agree to 1e-9 for a 0.01° cell).
        let m = 6337968.820, n = 6378985.734, rad = 0.01 * Double.pi / 180
        let hand = m * n * 0.9799247046 * rad * rad / 1e4
        #expect(abs(hand - 120.683854) < 1e-5)
        let wgs84 = Self.cellSettings.defaultEllipsoid
        let exact = wgs84.zoneAreaPerRadianM2(latitudeDegrees: 11.495, 11.505) * rad / 1e4
        #expect(TestModels.close(exact, hand, rel: 1e-8), "\(exact) vs \(hand)")
        // The same cell read from a GDAL-written grid (centres 11.50, 11.51 °N: row 0 spans 11.495–11.505).
        let grid = try Self.open(GridFixtures.gdalFloodGrid(cells: Self.floodCells()))
        let cell00 = try #require(try Self.observed(grid).first)
        #expect(cell00.id == "y0000_x0000" && TestModels.close(cell00.areaHa, hand, rel: 1e-8), "\(cell00.areaHa)")
        #expect(cell00.latitude == 11.5 && cell00.longitude == 104.0)
        // On a sphere of radius R (CF earth_radius): R² Δλ (sin φ2 − sin φ1).
        let sphere = Ellipsoid.sphere(radiusM: 6371007.181, source: "test")
        let r = 6371007.181
        #expect(TestModels.close(sphere.zoneAreaPerRadianM2(latitudeDegrees: 11.495, 11.505) * rad,
                                 r * r * rad * (sin(11.505 * .pi / 180) - sin(11.495 * .pi / 180)), rel: 1e-12))
    }

    @Test("each rice cell of the mask is a paddy with the id of its row and column, its region from flag_meanings")
    func riceCellsArePaddies() throws {
        let grid = try Self.open(GridFixtures.gdalFloodGrid(cells: Self.floodCells()))
        // Mask 1 0 1 / 0 1 0: 3 of 6 cells.
        #expect(grid.paddyCount == 3 && grid.layout == .grid && grid.survey.floodStatus)
        let paddies = try Self.observed(grid)
        #expect(paddies.map(\.id) == ["y0000_x0000", "y0000_x0002", "y0001_x0001"])
        // Region codes 1 1 2 / 2 2 2 with flag_meanings "Battambang Takeo".
        #expect(paddies.map(\.region) == ["Battambang", "Takeo", "Takeo"])
        #expect(try grid.paddyID(at: 2) == "y0001_x0001")
        // A code table replaces flag_meanings.
        let coded = try Self.open(GridFixtures.gdalFloodGrid(cells: Self.floodCells()), regionCodes: [1: "North", 2: "South"])
        #expect(try Self.observed(coded).map(\.region) == ["North", "South", "South"])
    }

    @Test("projected grids: map area dx × dy, with a note for a projection that is not equal-area; cell_measures first")
    func projectedAreas() throws {
        // 20 m × 20 m cells = 400 m² = 0.04 ha.
        let utm = try Self.open(GridFixtures.rioxarrayGrid(mapping: "transverse_mercator"), mask: nil)
        #expect(utm.paddyCount == 4)
        #expect(try Self.observed(utm).allSatisfy { TestModels.close($0.areaHa, 0.04) && $0.latitude == nil })
        #expect(utm.warnings.contains { $0.contains("not an equal-area projection") })
        let laea = try Self.open(GridFixtures.rioxarrayGrid(mapping: "lambert_azimuthal_equal_area"), mask: nil)
        #expect(!laea.warnings.contains { $0.contains("equal-area") })
        // cell_measures = "area: cell_area" [m2]: 400, 399, 401, 402 m² → 0.04, 0.0399, 0.0401, 0.0402 ha.
        let measured = try Self.open(GridFixtures.rioxarrayGrid(mapping: "transverse_mercator", cellMeasures: true), mask: nil)
        let areas = try Self.observed(measured).map(\.areaHa)
        #expect(zip(areas, [0.04, 0.0399, 0.0401, 0.0402]).allSatisfy { TestModels.close($0, $1, rel: 1e-6) }, "\(areas)")
    }

    @Test("a grid read in blocks of any size gives the same cells as one block (rows streamed)")
    func blocksOfRows() throws {
        let grid = try Self.open(GridFixtures.gdalFloodGrid(cells: Self.floodCells()))
        let whole = try Self.observed(grid)
        for start in 0..<3 {
            let one = try grid.readBlock(start..<(start + 1)).records
            guard case .observed(let p) = try #require(one.first) else { Issue.record("rejected"); continue }
            let same = zip(p.level.values, whole[start].level.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            #expect(p.id == whole[start].id && same && p.level.values.count == 30 && p.areaHa == whole[start].areaHa)
        }
    }

    // MARK: Bad input

    @Test("no mask and every cell has data: every cell is a paddy, and the run is told so")
    func noMaskEveryCellHasData() throws {
        let grid = try Self.open(GridFixtures.gdalFloodGrid(cells: Self.floodCells(), mask: nil), mask: nil)
        #expect(grid.paddyCount == 6)
        #expect(grid.warnings == ["no rice mask was given (--mask VAR) and every cell of the grid has data: all 6 cells are taken as rice paddies; give the rice mask if the grid covers other land"])
        // Without a mask, cells whose series are all missing are not rice.
        var cells = Self.floodCells()
        cells[1] = Array(repeating: nil, count: 30)
        let sparse = try Self.open(GridFixtures.gdalFloodGrid(cells: cells, mask: nil), mask: nil)
        #expect(sparse.paddyCount == 5 && sparse.warnings.isEmpty)
        #expect(try Self.observed(sparse).map(\.id).contains("y0000_x0001") == false)
    }

    @Test("a mask of another shape stops the run naming the mask and both shapes")
    func maskOfAnotherShape() throws {
        let cdl = GridFixtures.gdalFloodGrid(cells: Self.floodCells(), mask: "1, 0, 1, 0, 1, 0, 1, 0, 1", maskDims: "lat3, lon", extraDims: "lat3 = 3 ;")
        #expect { try Self.open(cdl) } throws: { error in
            let e = error as? InputError
            return e?.variable == "rice" && e!.message.contains("the rice mask has shape (lat3, lon) = [3, 3] but the grid is (lat, lon) = [2, 3]")
        }
        #expect { try Self.open(GridFixtures.gdalFloodGrid(cells: Self.floodCells()), mask: "landcover") } throws: { error in
            (error as? InputError)?.message.contains("not found: --mask names the rice mask variable") == true
        }
    }

    @Test("latitudes out of range stop the run naming the coordinate and the value")
    func latitudeOutOfRange() throws {
        #expect { try Self.open(GridFixtures.gdalFloodGrid(cells: Self.floodCells(), lat: [95, 96])) } throws: { error in
            let e = error as? InputError
            return e?.variable == "lat" && e!.message.hasPrefix("latitude 95.0 at index 0 is outside [-90, 90]")
        }
    }

    @Test("a flooded fraction outside [0, 1] and a region code missing from flag_values reject their cell only, with the reason")
    func badCellsAreRejected() throws {
        var cells = Self.floodCells()
        cells[2][5] = 1.7
        let region = "1, 1, 3, 2, 2, 2"   // cell (0, 2) has code 3: not in flag_values 1, 2
        cells[2][5] = 1.7
        let grid = try Self.open(GridFixtures.gdalFloodGrid(cells: cells, region: region))
        let records = try grid.readBlock(0..<3).records
        #expect(records.count == 3)
        guard case .rejected(let r) = records[1] else { Issue.record("cell (0, 2) not rejected"); return }
        #expect(r.paddyID == "y0000_x0002")
        #expect(r.reason == "region code 3 of 'region' is not in flag_values (1, 2): add it with its name to flag_values and flag_meanings, or to the code table")
        // The fraction alone (valid region).
        let fraction = try Self.open(GridFixtures.gdalFloodGrid(cells: cells))
        guard case .rejected(let f) = try fraction.readBlock(1..<2).records[0] else { Issue.record("fraction not rejected"); return }
        #expect(f.reason.hasPrefix("flooded = 1.7 on 2024-03-01 is not a flooded fraction in [0, 1]"), "\(f.reason)")
        // The other cells are read.
        #expect(try fraction.readBlock(0..<3).records.filter { if case .observed = $0 { true } else { false } }.count == 2)
    }
}

@Suite("GeoTIFF stacks")
struct GeoTIFFStackTests {
    /// The package root (…/Tests/PaddyMethaneTests/GridSourceTests.swift → …).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a stack of GeoTIFF flood maps made into a grid with GDAL (the README's recipe) is read cell by cell",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/gdal_translate")))
    func geotiffStack() throws {
        let dir = try makeFixtureDirectory()
        _ = try runExternal("/bin/bash", [Self.root.appendingPathComponent("scripts/geotiff-example.sh").path, dir.path])
        let grid = try GridSourceTests.open(path: dir.appendingPathComponent("grid.nc").path, mask: "rice")
        // GDAL writes rows south to north: row 0 is 11.50 °N, the ASCII grid's last row "1 1 0";
        // row 1 (11.51 °N) is "1 0 1". Rice cells: (0, 0), (0, 1), (1, 0), (1, 2).
        #expect(grid.paddyCount == 4)
        let cells = try GridSourceTests.observed(grid)
        #expect(cells.map(\.id) == ["y0000_x0000", "y0000_x0001", "y0001_x0000", "y0001_x0002"])
        // Cell (1, 0): flood maps 0, 1, 1, 1 on 2024-01-01, -13, -25, 2024-02-06 (days 0, 12, 24, 36).
        #expect(cells[2].level.times == [0, 12, 24, 36].map { Double(CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 1, day: 1)) + $0) })
        let f = GridSourceTests.flood
        #expect(cells[2].level.values == [f.notFloodedLevelCm, f.floodedLevelCm, f.floodedLevelCm, f.floodedLevelCm])
        // Cell (1, 2): the 2024-01-25 map has no data there (-9999): missing.
        #expect(cells[3].level.values[2].isNaN)
        #expect(TestModels.close(cells[0].areaHa, GridSourceTests.cellSettings.defaultEllipsoid.zoneAreaPerRadianM2(latitudeDegrees: 11.495, 11.505) * (0.01 * .pi / 180) / 1e4, rel: 1e-9))
    }
}

@Suite("Grid runs from the command line", .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle"))
struct GridCommandTests {
    static let example = GeoTIFFStackTests.root.appendingPathComponent("data/example-grid.nc").path

    @Test("the README's grid example runs: every report, per-cell rows only with --cell-rows, the grid file, jcm-ph-am004 refused on flood maps")
    func exampleGrid() throws {
        let dir = try makeFixtureDirectory()
        let out = dir.appendingPathComponent("run").path, grid = dir.appendingPathComponent("grid-ch4.nc").path
        let r = try scenarioRunner("run", ["--input", Self.example, "--mask", "rice", "--out", out, "--grid-netcdf", grid, "--draws", "0"])
        #expect(r.status == 0, "\(r.summary)")
        #expect(r.stderr.contains("paddy_seasons.csv and drainage_events.csv hold their headers only"))
        for name in ["paddy_seasons.csv", "drainage_events.csv", "rejected.csv", "region_summary.csv", "crt_3c.csv", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: grid))
        let rows = try String(contentsOfFile: "\(out)/paddy_seasons.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1)
        // Region names from the raster's flag_meanings.
        #expect(try String(contentsOfFile: "\(out)/region_summary.csv", encoding: .utf8).contains("Prey_Veng,"))
        let withRows = dir.appendingPathComponent("rows").path
        let r2 = try scenarioRunner("run", ["--input", Self.example, "--mask", "rice", "--out", withRows, "--cell-rows", "--draws", "0", "--quiet"])
        #expect(r2.status == 0, "\(r2.summary)")
        let cellRows = try String(contentsOfFile: "\(withRows)/paddy_seasons.csv", encoding: .utf8).split(separator: "\n")
        #expect(cellRows.count > 1 && cellRows[1].hasPrefix("y00"))
        // --mask of a variable that is not there: exit 1, one line naming it.
        let r3 = try scenarioRunner("run", ["--input", Self.example, "--mask", "landcover", "--out", dir.appendingPathComponent("x").path, "--quiet"])
        #expect(r3.status == 1 && r3.stderrLines.count == 1 && r3.stderr.contains("variable 'landcover': not found"), "\(r3.summary)")
    }

    @Test("a drainage rule with a depth to reach is refused on flood maps, naming the rule")
    func depthRuleOnFloodMaps() throws {
        let path = try ncgen(GridFixtures.gdalFloodGrid(cells: GridSourceTests.floodCells()))
        let r = try scenarioRunner("run", ["--input", path, "--mask", "rice", "--out", try makeFixtureDirectory().path, "--drainage-rule", "jcm-ph-am004", "--quiet"])
        #expect(r.status == 1 && r.stderr.contains("flood maps cannot show the depth the drainage rule 'jcm-ph-am004' requires"), "\(r.summary)")
    }
}
