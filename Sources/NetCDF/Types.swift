internal import CNetCDF

/// netCDF external data types (`nc_type`).
public enum NetCDFType: Int32, Sendable, CustomStringConvertible {
    case byte = 1, char = 2, short = 3, int = 4, float = 5, double = 6
    case ubyte = 7, ushort = 8, uint = 9, int64 = 10, uint64 = 11, string = 12

    public var isNumeric: Bool { self != .char && self != .string }

    /// Bytes per value on disk (0 for variable-length strings).
    public var byteWidth: Int {
        switch self {
        case .byte, .char, .ubyte: 1
        case .short, .ushort: 2
        case .int, .uint, .float: 4
        case .double, .int64, .uint64: 8
        case .string: 0
        }
    }
    public var isInteger: Bool { isNumeric && self != .float && self != .double }

    /// The library's default fill value for this type (`NC_FILL_*`), as a Double; nil for text.
    public var defaultFill: Double? {
        switch self {
        case .byte: Double(cnetcdf_fill_byte)
        case .short: Double(cnetcdf_fill_short)
        case .int: Double(cnetcdf_fill_int)
        case .float: Double(cnetcdf_fill_float)
        case .double: cnetcdf_fill_double
        case .ubyte: Double(cnetcdf_fill_ubyte)
        case .ushort: Double(cnetcdf_fill_ushort)
        case .uint: Double(cnetcdf_fill_uint)
        case .int64: Double(cnetcdf_fill_int64)
        case .uint64: Double(cnetcdf_fill_uint64)
        case .char, .string: nil
        }
    }

    public var description: String {
        switch self {
        case .byte: "byte"
        case .char: "char"
        case .short: "short"
        case .int: "int"
        case .float: "float"
        case .double: "double"
        case .ubyte: "ubyte"
        case .ushort: "ushort"
        case .uint: "uint"
        case .int64: "int64"
        case .uint64: "uint64"
        case .string: "string"
        }
    }
}

/// On-disk formats.
public enum NetCDFFormat: Sendable, CustomStringConvertible {
    case classic, offset64, cdf5, netcdf4, netcdf4Classic

    init?(code: Int32) {
        switch code {
        case NC_FORMAT_CLASSIC: self = .classic
        case NC_FORMAT_64BIT_OFFSET: self = .offset64
        case NC_FORMAT_64BIT_DATA: self = .cdf5
        case NC_FORMAT_NETCDF4: self = .netcdf4
        case NC_FORMAT_NETCDF4_CLASSIC: self = .netcdf4Classic
        default: return nil
        }
    }

    var createMode: Int32 {
        switch self {
        case .classic: 0
        case .offset64: NC_64BIT_OFFSET
        case .cdf5: NC_64BIT_DATA
        case .netcdf4: NC_NETCDF4
        case .netcdf4Classic: NC_NETCDF4 | NC_CLASSIC_MODEL
        }
    }

    public var description: String {
        switch self {
        case .classic: "classic"
        case .offset64: "64-bit offset"
        case .cdf5: "CDF5 (64-bit data)"
        case .netcdf4: "NetCDF-4"
        case .netcdf4Classic: "NetCDF-4 classic model"
        }
    }
}

/// An attribute's value. Numbers of every type are held as Double (exact for all but the
/// largest 64-bit integers) together with the type they are stored as.
public enum AttributeValue: Sendable, Equatable {
    case text(String)
    case strings([String])
    case numbers([Double], NetCDFType)

    /// The text of a `char` attribute or a single `string` attribute.
    public var text: String? {
        switch self {
        case .text(let s): s
        case .strings(let a) where a.count == 1: a[0]
        default: nil
        }
    }

    /// The numbers of a numeric attribute.
    public var numbers: [Double]? {
        if case .numbers(let values, _) = self { return values }
        return nil
    }
}

/// A dimension of an open file.
public struct Dimension: Sendable, Equatable {
    public let id: Int32
    public let name: String
    public let length: Int
    public let isUnlimited: Bool
}

/// A variable of an open file: its identity, type and shape.
public struct Variable: Sendable {
    public let id: Int32
    public let name: String
    public let type: NetCDFType
    public let dimensions: [Dimension]

    public var shape: [Int] { dimensions.map(\.length) }
    public var dimensionNames: [String] { dimensions.map(\.name) }
}

/// Swift numeric types that netCDF-C reads and writes directly, converting from or to the
/// stored type (`nc_get_vara_<type>` / `nc_put_vara_<type>`).
public protocol NetCDFNumeric: Numeric, Sendable {
    static var netCDFType: NetCDFType { get }
}

extension Int8: NetCDFNumeric { public static var netCDFType: NetCDFType { .byte } }
extension UInt8: NetCDFNumeric { public static var netCDFType: NetCDFType { .ubyte } }
extension Int16: NetCDFNumeric { public static var netCDFType: NetCDFType { .short } }
extension UInt16: NetCDFNumeric { public static var netCDFType: NetCDFType { .ushort } }
extension Int32: NetCDFNumeric { public static var netCDFType: NetCDFType { .int } }
extension UInt32: NetCDFNumeric { public static var netCDFType: NetCDFType { .uint } }
extension Int64: NetCDFNumeric { public static var netCDFType: NetCDFType { .int64 } }
extension UInt64: NetCDFNumeric { public static var netCDFType: NetCDFType { .uint64 } }
extension Float: NetCDFNumeric { public static var netCDFType: NetCDFType { .float } }
extension Double: NetCDFNumeric { public static var netCDFType: NetCDFType { .double } }

/// `nc_get_vara_<type>` for the Swift type `T`. Call only while holding `NetCDFLock`.
func getVara<T: NetCDFNumeric>(_ ncid: Int32, _ varid: Int32, _ start: [Int], _ count: [Int], _ out: UnsafeMutablePointer<T>, _ n: Int) -> Int32 {
    func call<U>(_ type: U.Type, _ body: (UnsafeMutablePointer<U>) -> Int32) -> Int32 {
        out.withMemoryRebound(to: U.self, capacity: n, body)
    }
    switch T.netCDFType {
    case .byte: return call(Int8.self) { nc_get_vara_schar(ncid, varid, start, count, $0) }
    case .ubyte: return call(UInt8.self) { nc_get_vara_uchar(ncid, varid, start, count, $0) }
    case .short: return call(Int16.self) { nc_get_vara_short(ncid, varid, start, count, $0) }
    case .ushort: return call(UInt16.self) { nc_get_vara_ushort(ncid, varid, start, count, $0) }
    case .int: return call(Int32.self) { nc_get_vara_int(ncid, varid, start, count, $0) }
    case .uint: return call(UInt32.self) { nc_get_vara_uint(ncid, varid, start, count, $0) }
    case .int64: return call(Int64.self) { nc_get_vara_longlong(ncid, varid, start, count, $0) }
    case .uint64: return call(UInt64.self) { nc_get_vara_ulonglong(ncid, varid, start, count, $0) }
    case .float: return call(Float.self) { nc_get_vara_float(ncid, varid, start, count, $0) }
    case .double: return call(Double.self) { nc_get_vara_double(ncid, varid, start, count, $0) }
    case .char, .string: return NC_EBADTYPE
    }
}

/// `nc_put_vara_<type>` for the Swift type `T`. Call only while holding `NetCDFLock`.
func putVara<T: NetCDFNumeric>(_ ncid: Int32, _ varid: Int32, _ start: [Int], _ count: [Int], _ values: UnsafePointer<T>, _ n: Int) -> Int32 {
    func call<U>(_ type: U.Type, _ body: (UnsafePointer<U>) -> Int32) -> Int32 {
        values.withMemoryRebound(to: U.self, capacity: n, body)
    }
    switch T.netCDFType {
    case .byte: return call(Int8.self) { nc_put_vara_schar(ncid, varid, start, count, $0) }
    case .ubyte: return call(UInt8.self) { nc_put_vara_uchar(ncid, varid, start, count, $0) }
    case .short: return call(Int16.self) { nc_put_vara_short(ncid, varid, start, count, $0) }
    case .ushort: return call(UInt16.self) { nc_put_vara_ushort(ncid, varid, start, count, $0) }
    case .int: return call(Int32.self) { nc_put_vara_int(ncid, varid, start, count, $0) }
    case .uint: return call(UInt32.self) { nc_put_vara_uint(ncid, varid, start, count, $0) }
    case .int64: return call(Int64.self) { nc_put_vara_longlong(ncid, varid, start, count, $0) }
    case .uint64: return call(UInt64.self) { nc_put_vara_ulonglong(ncid, varid, start, count, $0) }
    case .float: return call(Float.self) { nc_put_vara_float(ncid, varid, start, count, $0) }
    case .double: return call(Double.self) { nc_put_vara_double(ncid, varid, start, count, $0) }
    case .char, .string: return NC_EBADTYPE
    }
}

/// An HDF5 filter applied to a variable's chunks (compression, shuffling, checksums).
public struct VariableFilter: Sendable, Equatable {
    /// The HDF5 filter identifier.
    public let id: UInt32
    /// Whether this netCDF-C library (with its HDF5 plugins) can decode it.
    public let isAvailable: Bool

    public init(id: UInt32, isAvailable: Bool) {
        self.id = id
        self.isAvailable = isAvailable
    }

    /// The filter's name in The HDF Group's registry of filter identifiers
    /// (https://portal.hdfgroup.org/documentation/hdf5-docs/registered_filter_plugins.html), or nil.
    public var name: String? {
        switch id {
        case 1: "deflate (zlib)"
        case 2: "shuffle"
        case 3: "Fletcher32 checksum"
        case 4: "szip"
        case 5: "N-bit"
        case 6: "scale-offset"
        case 305: "LZO"
        case 307: "bzip2"
        case 32000: "LZF"
        case 32001: "Blosc"
        case 32004: "LZ4"
        case 32008: "bitshuffle"
        case 32013: "ZFP"
        case 32015: "Zstandard (zstd)"
        case 32017: "SZ"
        case 32026: "Blosc2"
        default: nil
        }
    }
}
