import Foundation
import Testing
import NetCDF

/// Creates a file at a fresh temporary path, lets `define` define it (in define mode), leaves define
/// mode, lets `write` fill it, closes it and returns the path.
private func makeFile(_ format: NetCDFFormat, name: String = "wrapper.nc",
                      define: (NetCDFFile) throws -> Void, write: (NetCDFFile) throws -> Void = { _ in }) throws -> String {
    let path = try fixtureTemporaryPath(name)
    let file = try NetCDFFile.create(path, format: format)
    try define(file)
    try file.endDefine()
    try write(file)
    try file.closeChecked()
    return path
}

private func variable(_ file: NetCDFFile, _ name: String) throws -> Variable {
    try #require(try file.variable(named: name), "variable \(name) not found in \(file.path)")
}

@Suite("NetCDF wrapper")
struct NetCDFWrapperTests {
    @Test("Numeric hyperslabs of every type round-trip through a NetCDF-4 file")
    func netcdf4NumericRoundTrip() throws {
        let path = try makeFile(.netcdf4, define: { f in
            let x = try f.defineDimension("x", length: 3)
            let y = try f.defineDimension("y", length: 4)
            try f.defineVariable("i16", type: .short, dimensions: [x, y])
            try f.defineVariable("i32", type: .int, dimensions: [x, y], chunkSizes: [1, 4], deflateLevel: 4)
            try f.defineVariable("f32", type: .float, dimensions: [x, y])
            try f.defineVariable("f64", type: .double, dimensions: [x, y])
            try f.defineVariable("i64", type: .int64, dimensions: [x])
            try f.defineVariable("u8", type: .ubyte, dimensions: [y])
        }, write: { f in
            try f.write(try variable(f, "i16"), (0..<12).map { Int16($0 * 100 - 600) })
            // i32 in two slabs: rows 0-1, then row 2
            try f.write(try variable(f, "i32"), [Int32](1...8), start: [0, 0], count: [2, 4])
            try f.write(try variable(f, "i32"), [Int32(-1), -2, -3, Int32.max], start: [2, 0], count: [1, 4])
            try f.write(try variable(f, "f32"), (0..<12).map { Float($0) * 0.5 })
            try f.write(try variable(f, "f64"), (0..<12).map { Double($0) / 3 })
            try f.write(try variable(f, "i64"), [Int64(1) << 40, -(Int64(1) << 50), 7])
            try f.write(try variable(f, "u8"), [UInt8(0), 1, 128, 255])
        })
        let f = try NetCDFFile.open(path)
        defer { f.close() }
        #expect(try f.format == .netcdf4)
        #expect(f.isNetCDF4)

        let i16 = try variable(f, "i16")
        #expect(i16.type == .short)
        #expect(i16.shape == [3, 4])
        #expect(i16.dimensionNames == ["x", "y"])
        #expect(try f.read(i16, as: Int16.self) == (0..<12).map { Int16($0 * 100 - 600) })
        // A sub-slab: rows 1-2, columns 2-3 → elements 6, 7, 10, 11.
        #expect(try f.read(i16, as: Int16.self, start: [1, 2], count: [2, 2]) == [0, 100, 400, 500])

        let i32 = try variable(f, "i32")
        #expect(try f.read(i32, as: Int32.self) == [1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, Int32.max])
        #expect(try f.read(i32, as: Int32.self, start: [2, 3], count: [1, 1]) == [Int32.max])

        let f32 = try variable(f, "f32")
        #expect(f32.type == .float)
        #expect(try f.read(f32, as: Float.self, start: [2, 0], count: [1, 4]) == [4, 4.5, 5, 5.5])

        let f64 = try variable(f, "f64")
        let doubles = try f.read(f64, as: Double.self)
        for (i, v) in doubles.enumerated() { #expect(v == Double(i) / 3) }

        let i64 = try variable(f, "i64")
        #expect(i64.type == .int64)
        #expect(try f.read(i64, as: Int64.self) == [1 << 40, -(1 << 50), 7])

        let u8 = try variable(f, "u8")
        #expect(u8.type == .ubyte)
        #expect(try f.read(u8, as: UInt8.self) == [0, 1, 128, 255])
        #expect(try f.read(u8, as: Int32.self, start: [2], count: [2]) == [128, 255])
    }

    @Test("netCDF-C converts between the stored and the requested type")
    func typeConversion() throws {
        let path = try makeFile(.netcdf4, define: { f in
            let n = try f.defineDimension("n", length: 3)
            try f.defineVariable("s", type: .short, dimensions: [n])
            try f.defineVariable("d", type: .double, dimensions: [n])
        }, write: { f in
            try f.write(try variable(f, "s"), [10.0, -20.0, 30.0])
            try f.write(try variable(f, "d"), [Int32(1), 2, 3])
        })
        let f = try NetCDFFile.open(path)
        #expect(try f.read(try variable(f, "s"), as: Double.self) == [10, -20, 30])
        #expect(try f.read(try variable(f, "s"), as: Int64.self) == [10, -20, 30])
        #expect(try f.read(try variable(f, "d"), as: Float.self) == [1, 2, 3])
        #expect(try f.read(try variable(f, "d"), as: Int16.self) == [1, 2, 3])
    }

    @Test("Numeric variables round-trip in the classic formats", arguments: [NetCDFFormat.classic, .offset64, .cdf5, .netcdf4Classic])
    func classicNumericRoundTrip(format: NetCDFFormat) throws {
        let path = try makeFile(format, define: { f in
            let t = try f.defineDimension("t", length: 2)
            let p = try f.defineDimension("p", length: 3)
            try f.defineVariable("i16", type: .short, dimensions: [t, p])
            try f.defineVariable("i32", type: .int, dimensions: [p])
            try f.defineVariable("f32", type: .float, dimensions: [t, p])
            try f.defineVariable("f64", type: .double, dimensions: [p])
        }, write: { f in
            try f.write(try variable(f, "i16"), [Int16(1), 2, 3, 4, 5, 6])
            try f.write(try variable(f, "i32"), [Int32(-7), 0, 7])
            try f.write(try variable(f, "f32"), [Float(0.25)], start: [1, 2], count: [1, 1])
            try f.write(try variable(f, "f64"), [1e300, -1e-300, .pi])
        })
        let f = try NetCDFFile.open(path)
        #expect(try f.format == format)
        #expect(f.isNetCDF4 == (format == .netcdf4Classic))
        #expect(try f.read(try variable(f, "i16"), as: Int16.self, start: [1, 0], count: [1, 3]) == [4, 5, 6])
        #expect(try f.read(try variable(f, "i32"), as: Int32.self) == [-7, 0, 7])
        let f32 = try f.read(try variable(f, "f32"), as: Float.self)
        #expect(f32[5] == 0.25)
        // Unwritten values hold the default float fill value.
        #expect(Double(f32[0]) == NetCDFType.float.defaultFill)
        #expect(try f.read(try variable(f, "f64"), as: Double.self) == [1e300, -1e-300, .pi])
    }

    @Test("Types and attributes outside the classic data model are refused by a classic file")
    func classicModelRestrictions() throws {
        let path = try fixtureTemporaryPath("classic.nc")
        let f = try NetCDFFile.create(path, format: .classic)
        defer { f.close() }
        let n = try f.defineDimension("n", length: 2)
        for type in [NetCDFType.int64, .ubyte, .string] {
            #expect(throws: NetCDFError.self, "\(type) in a classic file") {
                try f.defineVariable("v_\(type)", type: type, dimensions: [n])
            }
        }
        let error = #expect(throws: NetCDFError.self) { try f.putAttribute("names", .strings(["a", "b"])) }
        #expect(error?.path == path)
        #expect(error?.variable == ":names")
        #expect(error?.code != 0)
    }

    @Test("Attributes of each kind round-trip", arguments: [NetCDFFormat.netcdf4, .classic])
    func attributes(format: NetCDFFormat) throws {
        let path = try makeFile(format, define: { f in
            let n = try f.defineDimension("n", length: 2)
            let v = try f.defineVariable("level", type: .short, dimensions: [n], fill: -32767)
            try f.putAttribute("title", .text("Paddy water levels — Mekong délta"))
            try f.putAttribute("version", .numbers([3], .int))
            try f.putAttribute("empty", .text(""))
            try f.putAttribute("units", .text("cm"), of: v)
            try f.putAttribute("scale_factor", .numbers([0.01], .double), of: v)
            try f.putAttribute("valid_range", .numbers([-500, 500], .short), of: v)
            try f.putAttribute("weights", .numbers([0.5, 0.25], .float), of: v)
            try f.putAttribute("flag", format == .netcdf4 ? .numbers([200], .ubyte) : .numbers([-56], .byte), of: v)
            if format == .netcdf4 {
                try f.putAttribute("keywords", .strings(["rice", "methane", ""]))
                try f.putAttribute("source", .strings(["one string"]), of: v)
                try f.putAttribute("big", .numbers([1e12], .int64), of: v)
            }
        })
        let f = try NetCDFFile.open(path)
        let v = try variable(f, "level")
        #expect(try f.attribute("title") == .text("Paddy water levels — Mekong délta"))
        #expect(try f.attribute("title")?.text == "Paddy water levels — Mekong délta")
        #expect(try f.attribute("version") == .numbers([3], .int))
        #expect(try f.attribute("empty") == .text(""))
        #expect(try f.attribute("units", of: v) == .text("cm"))
        #expect(try f.attribute("scale_factor", of: v) == .numbers([0.01], .double))
        #expect(try f.attribute("valid_range", of: v)?.numbers == [-500, 500])
        #expect(try f.attribute("weights", of: v) == .numbers([0.5, 0.25], .float))
        #expect(try f.attribute("_FillValue", of: v) == .numbers([-32767], .short))
        #expect(try f.attribute("units") == nil)
        #expect(try f.attribute("nothing", of: v) == nil)
        #expect(try f.attribute("units", of: v)?.numbers == nil)
        #expect(try f.attribute("version")?.text == nil)
        if format == .netcdf4 {
            #expect(try f.attribute("flag", of: v) == .numbers([200], .ubyte))
            #expect(try f.attribute("keywords") == .strings(["rice", "methane", ""]))
            #expect(try f.attribute("keywords")?.text == nil)
            #expect(try f.attribute("source", of: v)?.text == "one string")
            #expect(try f.attribute("big", of: v) == .numbers([1e12], .int64))
        } else {
            #expect(try f.attribute("flag", of: v) == .numbers([-56], .byte))
        }
        let all = try f.attributes(of: v)
        #expect(all["units"] == .text("cm"))
        #expect(all["scale_factor"] == .numbers([0.01], .double))
        #expect(all.keys.contains("_FillValue"))
        let globals = try f.attributes()
        #expect(globals["version"] == .numbers([3], .int))
        #expect(globals["title"]?.text == "Paddy water levels — Mekong délta")
    }

    @Test("NC_STRING variables round-trip, whole and by slab")
    func stringVariable() throws {
        let path = try makeFile(.netcdf4, define: { f in
            let p = try f.defineDimension("paddy", length: 4)
            let s = try f.defineDimension("season", length: 2)
            try f.defineVariable("id", type: .string, dimensions: [p])
            try f.defineVariable("label", type: .string, dimensions: [p, s])
            try f.defineVariable("scalar", type: .string, dimensions: [])
        }, write: { f in
            try f.writeStrings(try variable(f, "id"), ["KH-001", "ถ่าน", "", "a much longer identifier than the rest"])
            try f.writeStrings(try variable(f, "label"), ["x", "y"], start: [3, 0], count: [1, 2])
            try f.writeStrings(try variable(f, "scalar"), ["only"])
        })
        let f = try NetCDFFile.open(path)
        let id = try variable(f, "id")
        #expect(id.type == .string)
        #expect(try f.readStrings(id) == ["KH-001", "ถ่าน", "", "a much longer identifier than the rest"])
        #expect(try f.readStrings(id, start: [1], count: [2]) == ["ถ่าน", ""])
        let label = try variable(f, "label")
        #expect(try f.readStrings(label, start: [3, 0], count: [1, 2]) == ["x", "y"])
        #expect(try f.readStrings(label, start: [0, 0], count: [1, 2]) == ["", ""])
        #expect(try f.readStrings(try variable(f, "scalar")) == ["only"])
    }

    @Test("char-array string variables round-trip", arguments: [NetCDFFormat.netcdf4, .classic, .offset64])
    func charArrayVariable(format: NetCDFFormat) throws {
        let path = try makeFile(format, define: { f in
            let p = try f.defineDimension("paddy", length: 3)
            let w = try f.defineDimension("strlen", length: 5)
            try f.defineVariable("id", type: .char, dimensions: [p, w])
            try f.defineVariable("code", type: .char, dimensions: [w])
        }, write: { f in
            // "toolongid" (9 bytes) does not fit the width 5: refused, never cut; "abcde" fills it
            // exactly; "ab  " keeps only its text on reading.
            #expect(throws: NetCDFError.self) { try f.writeStrings(try variable(f, "id"), ["P1", "toolongid", "ab  "]) }
            try f.writeStrings(try variable(f, "id"), ["P1", "abcde", "ab  "])
            try f.writeStrings(try variable(f, "code"), ["XY"], start: [], count: [])
        })
        let f = try NetCDFFile.open(path)
        let id = try variable(f, "id")
        #expect(id.type == .char)
        #expect(id.shape == [3, 5])
        #expect(try f.readStrings(id) == ["P1", "abcde", "ab"])
        #expect(try f.readStrings(id, start: [1], count: [2]) == ["abcde", "ab"])
        #expect(try f.readStrings(try variable(f, "code")) == ["XY"])
    }

    /// A single string in a `char(strlen)` variable, written without an explicit slab, as
    /// `writeStrings` allows for every other variable (regression: the default count was
    /// `[strings.count]`, of rank 1, where the leading dimensions have rank 0).
    @Test func singleCharStringWithDefaultSlab() throws {
        let path = try makeFile(.classic, define: { f in
            let w = try f.defineDimension("strlen", length: 4)
            try f.defineVariable("code", type: .char, dimensions: [w])
        }, write: { f in
            try f.writeStrings(try variable(f, "code"), ["XY"])
        })
        let f = try NetCDFFile.open(path)
        #expect(try f.readStrings(try variable(f, "code")) == ["XY"])
    }

    @Test func partialCharArrayWrite() throws {
        let path = try makeFile(.classic, define: { f in
            let p = try f.defineDimension("paddy", length: 3)
            let w = try f.defineDimension("strlen", length: 3)
            try f.defineVariable("id", type: .char, dimensions: [p, w])
        }, write: { f in
            try f.writeStrings(try variable(f, "id"), ["aaa", "bbb", "ccc"])
            try f.writeStrings(try variable(f, "id"), ["z"], start: [1], count: [1])
        })
        let f = try NetCDFFile.open(path)
        #expect(try f.readStrings(try variable(f, "id")) == ["aaa", "z", "ccc"])
    }

    @Test("Dimensions, unlimited growth and lookups")
    func dimensionsAndUnlimited() throws {
        let path = try makeFile(.netcdf4, define: { f in
            let t = try f.defineDimension("time", length: nil)
            let p = try f.defineDimension("paddy", length: 2)
            #expect(t.isUnlimited && t.length == 0)
            #expect(!p.isUnlimited && p.length == 2)
            try f.defineVariable("wl", type: .float, dimensions: [t, p])
        }, write: { f in
            let wl = try variable(f, "wl")
            try f.write(wl, [Float(1), 2, 3, 4], start: [0, 0], count: [2, 2])
            try f.write(wl, [Float(9), 10], start: [4, 0], count: [1, 2])
        })
        let f = try NetCDFFile.open(path)
        let dims = try f.dimensions()
        #expect(dims.map(\.name) == ["time", "paddy"])
        let time = try #require(try f.dimension(named: "time"))
        #expect(time.isUnlimited)
        #expect(time.length == 5)
        #expect(try f.dimension(named: "paddy")?.length == 2)
        #expect(try f.dimension(named: "nope") == nil)
        #expect(try f.variable(named: "nope") == nil)
        #expect(try f.variables().map(\.name) == ["wl"])
        let wl = try variable(f, "wl")
        #expect(wl.shape == [5, 2])
        let values = try f.read(wl, as: Float.self)
        #expect(Array(values[0..<4]) == [1, 2, 3, 4])
        #expect(Array(values[8..<10]) == [9, 10])
        // Records 2 and 3 were never written: fill values.
        #expect(values[4..<8].allSatisfy { Double($0) == NetCDFType.float.defaultFill })
    }

    @Test func explicitFillValue() throws {
        let path = try makeFile(.netcdf4, define: { f in
            let n = try f.defineDimension("n", length: 3)
            try f.defineVariable("v", type: .int, dimensions: [n], fill: -9)
        }, write: { f in
            try f.write(try variable(f, "v"), [Int32(5)], start: [1], count: [1])
        })
        let f = try NetCDFFile.open(path)
        #expect(try f.read(try variable(f, "v"), as: Int32.self) == [-9, 5, -9])
    }

    @Test func defaultFillValues() {
        #expect(NetCDFType.short.defaultFill == -32767)
        #expect(NetCDFType.int.defaultFill == -2147483647)
        #expect(NetCDFType.byte.defaultFill == -127)
        #expect(NetCDFType.ubyte.defaultFill == 255)
        #expect(NetCDFType.double.defaultFill == 9.9692099683868690e+36)
        #expect(NetCDFType.float.defaultFill == Double(Float(9.9692099683868690e+36)))
        #expect(NetCDFType.char.defaultFill == nil)
        #expect(NetCDFType.string.defaultFill == nil)
        #expect(NetCDFType.float.isNumeric && !NetCDFType.float.isInteger)
        #expect(NetCDFType.int64.isInteger && !NetCDFType.char.isNumeric)
    }

    @Test("A file written by ncgen reads through the wrapper")
    func readsNcgenOutput() throws {
        let cdl = """
        netcdf t {
        dimensions:
            n = 3 ;
            len = 4 ;
        variables:
            short s(n) ;
                s:scale_factor = 0.5 ;
                s:long_name = "packed" ;
            char c(n, len) ;
            string u(n) ;
            int64 big(n) ;
        :history = "made by ncgen" ;
        :ints = 1, 2, 3 ;
        :blank = "" ;
        data:
            s = -2, 0, 2 ;
            c = "ab", "cdef", "g" ;
            u = "α", "β", "γ" ;
            big = 9007199254740993, -1, 0 ;
        }
        """
        let path = try ncgen(cdl)
        let f = try NetCDFFile.open(path)
        #expect(try f.attribute("history")?.text == "made by ncgen")
        #expect(try f.attribute("ints") == .numbers([1, 2, 3], .int))
        #expect(try f.attribute("blank") == .text(""))
        let s = try variable(f, "s")
        #expect(try f.attribute("scale_factor", of: s) == .numbers([0.5], .double))
        #expect(try f.read(s, as: Int16.self) == [-2, 0, 2])
        #expect(try f.readStrings(try variable(f, "c")) == ["ab", "cdef", "g"])
        #expect(try f.readStrings(try variable(f, "u")) == ["α", "β", "γ"])
        // 2^53 + 1 is exact as Int64 (it would not be as Double).
        #expect(try f.read(try variable(f, "big"), as: Int64.self) == [9_007_199_254_740_993, -1, 0])
    }

    // MARK: Errors

    @Test("Opening a file that is not NetCDF fails with an error naming the file")
    func openNonNetCDF() throws {
        let path = try fixtureTemporaryPath("not-netcdf.nc")
        try "paddy,level\nP1,5\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: NetCDFError.self) { try NetCDFFile.open(path) }
        #expect(error?.path == path)
        #expect(error?.code != 0)
        #expect(error?.description.contains(path) == true)
        #expect(error?.message.isEmpty == false)
    }

    @Test func openMissingFile() throws {
        let path = try fixtureTemporaryPath("absent.nc")
        let error = #expect(throws: NetCDFError.self) { try NetCDFFile.open(path) }
        #expect(error?.path == path)
        #expect(error?.description.hasPrefix(path) == true)
    }

    @Test("Slabs outside the shape, of the wrong rank or the wrong size are refused")
    func badSlabs() throws {
        let path = try makeFile(.netcdf4, define: { f in
            let x = try f.defineDimension("x", length: 3)
            let y = try f.defineDimension("y", length: 4)
            try f.defineVariable("v", type: .double, dimensions: [x, y])
            try f.defineVariable("c", type: .char, dimensions: [x, y])
        }, write: { f in
            let v = try variable(f, "v")
            let error = #expect(throws: NetCDFError.self) { try f.write(v, [1.0, 2.0], start: [0, 0], count: [1, 3]) }
            #expect(error?.variable == "v")
            #expect(error?.message.contains("3") == true)
            #expect(throws: NetCDFError.self) { try f.write(v, [1.0], start: [3, 0], count: [1, 1]) }
        })
        let f = try NetCDFFile.open(path)
        let v = try variable(f, "v")
        let outside = #expect(throws: NetCDFError.self) { try f.read(v, as: Double.self, start: [2, 2], count: [1, 3]) }
        #expect(outside?.path == path)
        #expect(outside?.variable == "v")
        #expect(outside?.description.contains("variable 'v'") == true)
        #expect(throws: NetCDFError.self) { try f.read(v, as: Double.self, start: [3, 0], count: [1, 1]) }
        #expect(throws: NetCDFError.self) { try f.read(v, as: Double.self, start: [-1, 0], count: [1, 1]) }
        #expect(throws: NetCDFError.self) { try f.read(v, as: Double.self, start: [0], count: [1]) }
        #expect(throws: NetCDFError.self) { try f.read(v, as: Double.self, start: [0, 0, 0], count: [1, 1, 1]) }
        // Reading up to the edge is fine.
        #expect(try f.read(v, as: Double.self, start: [2, 3], count: [1, 1]).count == 1)
        // Text and numbers are not interchangeable.
        let c = try variable(f, "c")
        #expect(throws: NetCDFError.self) { try f.read(c, as: Double.self) }
        #expect(throws: NetCDFError.self) { try f.readStrings(v) }
        #expect(throws: NetCDFError.self) { try f.readStrings(c, start: [2], count: [2]) }
    }

    @Test func closeIsIdempotent() throws {
        let path = try makeFile(.classic, define: { f in try f.defineDimension("n", length: 1) })
        let f = try NetCDFFile.open(path)
        try f.closeChecked()
        try f.closeChecked()
        f.close()
    }

    /// HDF5 1.10 shares one internal record between two opens of one NetCDF-4 file; closing the
    /// first and then reading a string variable through the second crashed the process in
    /// `H5F_addr_decode`. Two opens now share one netCDF id, closed with the last handle.
    @Test("Two opens of one NetCDF-4 file: closing either leaves the other readable")
    func twoOpensOfOneFile() throws {
        try Self.expectTwoOpensReadable(try makeFile(.netcdf4, define: { f in
            let p = try f.defineDimension("paddy", length: 3)
            try f.defineVariable("level", type: .float, dimensions: [p])
            try f.defineVariable("region", type: .string, dimensions: [p])
        }, write: { f in
            try f.write(try variable(f, "level"), [Float(1), 2, 3])
            try f.writeStrings(try variable(f, "region"), ["Takeo", "Pursat", "Battambang"])
        }))
    }

    /// The same on a file as xarray writes it (NaN fill on the float, a string coordinate
    /// variable), made by ncgen.
    @Test func twoOpensOfAnXarrayStyleFile() throws {
        try Self.expectTwoOpensReadable(try ncgen("""
        netcdf xr {
        dimensions:
          paddy = 3 ;
        variables:
          float level(paddy) ;
            level:_FillValue = NaNf ;
            level:coordinates = "region" ;
          string region(paddy) ;
        data:
          level = 1, 2, 3 ;
          region = "Takeo", "Pursat", "Battambang" ;
        }
        """))
    }

    /// Opens `path` (float `level` 1, 2, 3 and string `region` Takeo, Pursat, Battambang) by its
    /// path and through a symlink, closes the first, and reads the strings through later handles.
    static func expectTwoOpensReadable(_ path: String) throws {
        let link = try fixtureTemporaryPath("link.nc")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let first = try NetCDFFile.open(path)
        #expect(try first.read(try variable(first, "level"), as: Float.self) == [1, 2, 3])
        let second = try NetCDFFile.open(link)
        #expect(try second.read(try variable(second, "level"), as: Float.self) == [1, 2, 3])
        try first.closeChecked()
        #expect(try second.readStrings(try variable(second, "region")) == ["Takeo", "Pursat", "Battambang"])
        // A third open after the first closed shares the second's id; closing both releases it.
        let third = try NetCDFFile.open(path)
        second.close()
        #expect(try third.readStrings(try variable(third, "region")) == ["Takeo", "Pursat", "Battambang"])
        try third.closeChecked()
        let reopened = try NetCDFFile.open(path)
        defer { reopened.close() }
        #expect(try reopened.readStrings(try variable(reopened, "region"), start: [1], count: [1]) == ["Pursat"])
    }
}
