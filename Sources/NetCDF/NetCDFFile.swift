internal import CNetCDF
#if canImport(Glibc)
internal import Glibc
#else
internal import Darwin
#endif

/// An open netCDF file (root group). Every call takes the process-wide `NetCDFLock`, so a file
/// may be shared between threads; calls are serialised, never concurrent.
public final class NetCDFFile: @unchecked Sendable {
    public let path: String
    let ncid: Int32
    /// Guarded by `NetCDFLock`.
    private var isOpen = true
    /// For a group: the file it belongs to (kept open while the group is used; closing a group
    /// closes nothing).
    private let root: NetCDFFile?
    /// For a file opened read-only: its entry in `SharedOpens`.
    private let identity: FileIdentity?

    private init(path: String, ncid: Int32, root: NetCDFFile? = nil, identity: FileIdentity? = nil) {
        self.path = path
        self.ncid = ncid
        self.root = root
        self.identity = identity
    }

    /// The NetCDF-4 group at `fullName` (`/plots/2024` or `plots/2024`), read like a file: its
    /// variables, and the dimensions it and its parents define.
    public func group(_ fullName: String) throws(NetCDFError) -> NetCDFFile {
        let name = fullName.hasPrefix("/") ? fullName : "/" + fullName
        var id: Int32 = 0
        try call(name) { nc_inq_grp_full_ncid(ncid, name, &id) }
        return NetCDFFile(path: path, ncid: id, root: root ?? self)
    }

    /// The full names of the groups below the root (`/a`, `/a/b`), for messages.
    public func groupNames() -> [String] {
        func below(_ id: Int32) -> [Int32] {
            var n: Int32 = 0
            guard NetCDFLock.run({ nc_inq_grps(id, &n, nil) }) == NC_NOERR, n > 0 else { return [] }
            var ids = [Int32](repeating: 0, count: Int(n))
            guard NetCDFLock.run({ nc_inq_grps(id, &n, &ids) }) == NC_NOERR else { return [] }
            return ids.flatMap { [$0] + below($0) }
        }
        return below(ncid).compactMap { g in
            var length = 0
            guard NetCDFLock.run({ nc_inq_grpname_full(g, &length, nil) }) == NC_NOERR else { return nil }
            var chars = [CChar](repeating: 0, count: length + 1)
            guard NetCDFLock.run({ nc_inq_grpname_full(g, &length, &chars) }) == NC_NOERR else { return nil }
            return String(cChars: chars)
        }
    }

    deinit { close() }

    /// Opens an existing file read-only (classic, 64-bit offset, CDF5 or NetCDF-4). A file that
    /// is already open for reading in this process (the same device and inode, under any path)
    /// shares its netCDF id; see `SharedOpens`.
    public static func open(_ path: String) throws(NetCDFError) -> NetCDFFile {
        try NetCDFLock.run { () throws(NetCDFError) -> NetCDFFile in
            let identity = FileIdentity(path: path)
            if let identity, let shared = SharedOpens.retain(identity) {
                return NetCDFFile(path: path, ncid: shared, identity: identity)
            }
            var id: Int32 = 0
            try check(nc_open(path, NC_NOWRITE, &id), path: path)
            if let identity { SharedOpens.insert(identity, ncid: id) }
            return NetCDFFile(path: path, ncid: id, identity: identity)
        }
    }

    /// Creates a file, replacing any file at `path`. The file starts in define mode.
    public static func create(_ path: String, format: NetCDFFormat = .netcdf4) throws(NetCDFError) -> NetCDFFile {
        try NetCDFLock.run { () throws(NetCDFError) -> NetCDFFile in
            var id: Int32 = 0
            try check(nc_create(path, NC_CLOBBER | format.createMode, &id), path: path)
            return NetCDFFile(path: path, ncid: id)
        }
    }

    /// Closes the file (flushing writes). Safe to call more than once.
    public func close() {
        guard root == nil else { return }
        NetCDFLock.run {
            if isOpen, releaseLastOpen() { _ = nc_close(ncid) }
            isOpen = false
        }
    }

    /// Closes the file and reports a failure to flush it.
    public func closeChecked() throws(NetCDFError) {
        guard root == nil else { return }
        try NetCDFLock.run { () throws(NetCDFError) in
            guard isOpen else { return }
            isOpen = false
            guard releaseLastOpen() else { return }
            try check(nc_close(ncid), path: path)
        }
    }

    /// Drops this handle's share of a read-only open; true when the netCDF id is to be closed
    /// (a created file, or the last handle on a shared one). Call only while holding `NetCDFLock`.
    private func releaseLastOpen() -> Bool {
        guard let identity else { return true }
        return SharedOpens.release(identity)
    }

    /// Runs `body` under the lock, turning a non-zero status into an error naming `variable`.
    func call(_ variable: String? = nil, _ body: () -> Int32) throws(NetCDFError) {
        try NetCDFLock.run { () throws(NetCDFError) in try check(body(), path: path, variable: variable) }
    }

    // MARK: Inquiry

    public var format: NetCDFFormat {
        get throws(NetCDFError) {
            var code: Int32 = 0
            try call { nc_inq_format(ncid, &code) }
            guard let f = NetCDFFormat(code: code) else {
                throw NetCDFError(code: 0, message: "unsupported format code \(code)", path: path)
            }
            return f
        }
    }

    /// Whether the file is NetCDF-4 (HDF5-based: chunking, compression, strings).
    public var isNetCDF4: Bool {
        guard let f = try? format else { return false }
        return f == .netcdf4 || f == .netcdf4Classic
    }

    public func dimension(id: Int32) throws(NetCDFError) -> Dimension {
        var name = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
        var length = 0
        var unlimited = [Int32](repeating: -1, count: Int(NC_MAX_DIMS))
        var nUnlimited: Int32 = 0
        try call {
            let s = nc_inq_dim(ncid, id, &name, &length)
            return s != NC_NOERR ? s : nc_inq_unlimdims(ncid, &nUnlimited, &unlimited)
        }
        return Dimension(id: id, name: String(cChars: name), length: length,
                         isUnlimited: unlimited.prefix(Int(nUnlimited)).contains(id))
    }

    public func dimensions() throws(NetCDFError) -> [Dimension] {
        var n: Int32 = 0
        try call { nc_inq_ndims(ncid, &n) }
        var ids = [Int32](repeating: 0, count: Int(n))
        try call { nc_inq_dimids(ncid, &n, &ids, 0) }
        var result: [Dimension] = []
        for id in ids { result.append(try dimension(id: id)) }
        return result
    }

    public func dimension(named name: String) throws(NetCDFError) -> Dimension? {
        var id: Int32 = 0
        let status = NetCDFLock.run { nc_inq_dimid(ncid, name, &id) }
        if status == NC_EBADDIM { return nil }
        try check(status, path: path)
        return try dimension(id: id)
    }

    public func variable(id: Int32) throws(NetCDFError) -> Variable {
        var name = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
        var type: nc_type = 0
        var ndims: Int32 = 0
        var dimIDs = [Int32](repeating: 0, count: Int(NC_MAX_VAR_DIMS))
        try call { nc_inq_var(ncid, id, &name, &type, &ndims, &dimIDs, nil) }
        let varName = String(cChars: name)
        guard let t = NetCDFType(rawValue: type) else {
            throw NetCDFError(code: 0, message: "unsupported type code \(type)", path: path, variable: varName)
        }
        var dims: [Dimension] = []
        for d in dimIDs.prefix(Int(ndims)) { dims.append(try dimension(id: d)) }
        return Variable(id: id, name: varName, type: t, dimensions: dims)
    }

    public func variables() throws(NetCDFError) -> [Variable] {
        var n: Int32 = 0
        try call { nc_inq_nvars(ncid, &n) }
        var ids = [Int32](repeating: 0, count: Int(n))
        try call { nc_inq_varids(ncid, &n, &ids) }
        var result: [Variable] = []
        for id in ids { result.append(try variable(id: id)) }
        return result
    }

    public func variable(named name: String) throws(NetCDFError) -> Variable? {
        var id: Int32 = 0
        let status = NetCDFLock.run { nc_inq_varid(ncid, name, &id) }
        if status == NC_ENOTVAR { return nil }
        try check(status, path: path, variable: name)
        return try variable(id: id)
    }

    /// The HDF5 filters of a variable (NetCDF-4; none for the other formats) and whether this
    /// netCDF-C library can apply each (`nc_inq_var_filter_ids`, `nc_inq_filter_avail`).
    public func filters(of variable: Variable) throws(NetCDFError) -> [VariableFilter] {
        guard isNetCDF4 else { return [] }
        var n = 0
        try call(variable.name) { nc_inq_var_filter_ids(ncid, variable.id, &n, nil) }
        guard n > 0 else { return [] }
        var ids = [UInt32](repeating: 0, count: n)
        try call(variable.name) { nc_inq_var_filter_ids(ncid, variable.id, &n, &ids) }
        return ids.map { id in VariableFilter(id: id, isAvailable: NetCDFLock.run { nc_inq_filter_avail(ncid, id) } == NC_NOERR) }
    }

    // MARK: Attributes

    /// All attributes of `variable`, or the global attributes when `variable` is nil.
    public func attributes(of variable: Variable? = nil) throws(NetCDFError) -> [String: AttributeValue] {
        let varid = variable?.id ?? NC_GLOBAL
        var n: Int32 = 0
        try call(variable?.name) { varid == NC_GLOBAL ? nc_inq_natts(ncid, &n) : nc_inq_varnatts(ncid, varid, &n) }
        var result: [String: AttributeValue] = [:]
        for i in 0..<n {
            var name = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
            try call(variable?.name) { nc_inq_attname(ncid, varid, i, &name) }
            let attName = String(cChars: name)
            result[attName] = try attribute(attName, of: variable)
        }
        return result
    }

    /// One attribute of `variable` (global when nil), or nil when it does not exist.
    public func attribute(_ name: String, of variable: Variable? = nil) throws(NetCDFError) -> AttributeValue? {
        let varid = variable?.id ?? NC_GLOBAL
        let label = variable.map { "\($0.name):\(name)" } ?? ":\(name)"
        var type: nc_type = 0
        var length = 0
        let status = NetCDFLock.run { nc_inq_att(ncid, varid, name, &type, &length) }
        if status == NC_ENOTATT { return nil }
        try check(status, path: path, variable: label)
        switch NetCDFType(rawValue: type) {
        case .char:
            var buffer = [UInt8](repeating: 0, count: length)
            try call(label) { buffer.withUnsafeMutableBufferPointer { p in
                p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(length, 1)) { nc_get_att_text(ncid, varid, name, $0) }
            } }
            return .text(String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self))
        case .string:
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: length)
            try call(label) { nc_get_att_string(ncid, varid, name, &pointers) }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            NetCDFLock.run { _ = nc_free_string(length, &pointers) }
            return .strings(strings)
        case .some(let t):
            var values = [Double](repeating: 0, count: length)
            try call(label) { nc_get_att_double(ncid, varid, name, &values) }
            return .numbers(values, t)
        case .none:
            throw NetCDFError(code: 0, message: "unsupported attribute type \(type)", path: path, variable: label)
        }
    }

    /// Writes an attribute; text is stored as a `char` array (readable by every netCDF version).
    public func putAttribute(_ name: String, _ value: AttributeValue, of variable: Variable? = nil) throws(NetCDFError) {
        let varid = variable?.id ?? NC_GLOBAL
        let label = variable.map { "\($0.name):\(name)" } ?? ":\(name)"
        switch value {
        case .text(let s):
            let bytes = Array(s.utf8)
            try call(label) { bytes.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { nc_put_att_text(ncid, varid, name, bytes.count, $0.baseAddress) }
            } }
        case .strings(let strings):
            try withCStrings(strings) { (p: inout [UnsafePointer<CChar>?]) throws(NetCDFError) in
                try call(label) { nc_put_att_string(ncid, varid, name, strings.count, &p) }
            }
        case .numbers(let values, let type):
            try call(label) { nc_put_att_double(ncid, varid, name, type.rawValue, values.count, values) }
        }
    }

    // MARK: Define mode

    /// Defines a dimension; `length` nil makes it unlimited.
    @discardableResult
    public func defineDimension(_ name: String, length: Int?) throws(NetCDFError) -> Dimension {
        var id: Int32 = 0
        try call(name) { nc_def_dim(ncid, name, length ?? 0, &id) }
        return try dimension(id: id)
    }

    /// Defines a variable. `chunkSizes` and `deflateLevel` apply to NetCDF-4 files only.
    @discardableResult
    public func defineVariable(_ name: String, type: NetCDFType, dimensions: [Dimension],
                               chunkSizes: [Int]? = nil, deflateLevel: Int? = nil,
                               fill: Double? = nil) throws(NetCDFError) -> Variable {
        var id: Int32 = 0
        let dimIDs = dimensions.map(\.id)
        try call(name) { nc_def_var(ncid, name, type.rawValue, Int32(dimIDs.count), dimIDs, &id) }
        if let chunkSizes {
            try call(name) { nc_def_var_chunking(ncid, id, NC_CHUNKED, chunkSizes) }
        }
        if let deflateLevel {
            try call(name) { nc_def_var_deflate(ncid, id, 1, 1, Int32(deflateLevel)) }
        }
        let variable = try self.variable(id: id)
        if let fill { try putAttribute("_FillValue", .numbers([fill], type), of: variable) }
        return variable
    }

    /// Leaves define mode.
    public func endDefine() throws(NetCDFError) {
        try call { nc_enddef(ncid) }
    }

    /// Sets the chunk cache of one variable (NetCDF-4), for reading files chunked by others.
    public func setChunkCache(_ variable: Variable, bytes: Int, slots: Int = 1009) throws(NetCDFError) {
        try call(variable.name) { nc_set_var_chunk_cache(ncid, variable.id, bytes, slots, 0.75) }
    }

    // MARK: Reading

    /// Reads the hyperslab `start`/`count` of a numeric variable, converted to `T` by netCDF-C.
    public func read<T: NetCDFNumeric>(_ variable: Variable, as type: T.Type = T.self,
                                       start: [Int]? = nil, count: [Int]? = nil) throws(NetCDFError) -> [T] {
        let (start, count) = try slab(variable, start, count)
        let n = count.reduce(1, *)
        guard variable.type.isNumeric else {
            throw NetCDFError(code: 0, message: "is \(variable.type), not numeric", path: path, variable: variable.name)
        }
        var result = [T](repeating: .zero, count: n)
        try call(variable.name) { result.withUnsafeMutableBufferPointer { getVara(ncid, variable.id, start, count, $0.baseAddress!, n) } }
        return result
    }

    /// Reads identifiers or labels stored either as `NC_STRING` or as a `char` array whose last
    /// dimension is the string length. `start`/`count` cover the leading dimensions only.
    public func readStrings(_ variable: Variable, start: [Int]? = nil, count: [Int]? = nil) throws(NetCDFError) -> [String] {
        switch variable.type {
        case .string:
            let (start, count) = try slab(variable, start, count)
            let n = count.reduce(1, *)
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: n)
            try call(variable.name) { nc_get_vara_string(ncid, variable.id, start, count, &pointers) }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            NetCDFLock.run { _ = nc_free_string(n, &pointers) }
            return strings
        case .char:
            guard let width = variable.shape.last else {
                throw NetCDFError(code: 0, message: "char variable without a string-length dimension", path: path, variable: variable.name)
            }
            let leading = Variable(id: variable.id, name: variable.name, type: .char, dimensions: Array(variable.dimensions.dropLast()))
            let (s, c) = try slab(leading, start, count)
            let n = c.reduce(1, *)
            var bytes = [UInt8](repeating: 0, count: n * width)
            if !bytes.isEmpty {
                try call(variable.name) { bytes.withUnsafeMutableBufferPointer { p in
                    p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { nc_get_vara_text(ncid, variable.id, s + [0], c + [width], $0) }
                } }
            }
            return (0..<n).map { i in
                let row = bytes[(i * width)..<((i + 1) * width)]
                return String(decoding: row.prefix { $0 != 0 }, as: UTF8.self).trimmingTrailingSpaces()
            }
        default:
            throw NetCDFError(code: 0, message: "is \(variable.type), not text", path: path, variable: variable.name)
        }
    }

    // MARK: Writing

    /// Writes the hyperslab `start`/`count` of a numeric variable from `values`.
    public func write<T: NetCDFNumeric>(_ variable: Variable, _ values: [T], start: [Int]? = nil, count: [Int]? = nil) throws(NetCDFError) {
        let (start, count) = try slab(variable, start, count, writing: true)
        let n = count.reduce(1, *)
        guard values.count == n else {
            throw NetCDFError(code: 0, message: "write of \(values.count) values into a slab of \(n)", path: path, variable: variable.name)
        }
        try call(variable.name) { values.withUnsafeBufferPointer { putVara(ncid, variable.id, start, count, $0.baseAddress!, n) } }
    }

    /// Writes strings into an `NC_STRING` variable or a `char` array; a string longer than the
    /// array's width is an error, never cut.
    public func writeStrings(_ variable: Variable, _ strings: [String], start: [Int]? = nil, count: [Int]? = nil) throws(NetCDFError) {
        switch variable.type {
        case .string:
            let (s, c) = try slab(variable, start, count, writing: true)
            guard strings.count == c.reduce(1, *) else {
                throw NetCDFError(code: 0, message: "write of \(strings.count) strings into a slab of \(c.reduce(1, *))", path: path, variable: variable.name)
            }
            try withCStrings(strings) { (p: inout [UnsafePointer<CChar>?]) throws(NetCDFError) in
                try call(variable.name) { nc_put_vara_string(ncid, variable.id, s, c, &p) }
            }
        case .char:
            guard let width = variable.shape.last else {
                throw NetCDFError(code: 0, message: "char variable without a string-length dimension", path: path, variable: variable.name)
            }
            let leading = Variable(id: variable.id, name: variable.name, type: .char, dimensions: Array(variable.dimensions.dropLast()))
            let (s, c) = try slab(leading, start, count ?? (leading.dimensions.isEmpty ? [] : [strings.count]), writing: true)
            guard strings.count == c.reduce(1, *) else {
                throw NetCDFError(code: 0, message: "write of \(strings.count) strings into a slab of \(c.reduce(1, *))", path: path, variable: variable.name)
            }
            if let long = strings.first(where: { $0.utf8.count > width }) {
                throw NetCDFError(code: 0, message: "\"\(long)\" is \(long.utf8.count) bytes, longer than the \(width) of the string dimension",
                                  path: path, variable: variable.name)
            }
            var bytes = [UInt8](repeating: 0, count: strings.count * width)
            for (i, string) in strings.enumerated() {
                for (j, b) in string.utf8.prefix(width).enumerated() { bytes[i * width + j] = b }
            }
            try call(variable.name) { bytes.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { nc_put_vara_text(ncid, variable.id, s + [0], c + [width], $0.baseAddress) }
            } }
        default:
            throw NetCDFError(code: 0, message: "is \(variable.type), not text", path: path, variable: variable.name)
        }
    }

    // MARK: Helpers

    /// Completes and validates a hyperslab against the variable's shape.
    private func slab(_ v: Variable, _ start: [Int]?, _ count: [Int]?, writing: Bool = false) throws(NetCDFError) -> ([Int], [Int]) {
        let shape = v.shape
        let s = start ?? [Int](repeating: 0, count: shape.count)
        let c = count ?? zip(shape, s).map { $0 - $1 }
        guard s.count == shape.count, c.count == shape.count else {
            throw NetCDFError(code: 0, message: "slab of rank \(s.count) for a variable of rank \(shape.count)", path: path, variable: v.name)
        }
        for i in shape.indices where s[i] < 0 || c[i] < 0 || (!(writing && v.dimensions[i].isUnlimited) && s[i] + c[i] > shape[i]) {
            throw NetCDFError(code: 0, message: "slab start \(s) count \(c) outside shape \(shape)", path: path, variable: v.name)
        }
        return (s, c)
    }
}

/// Calls `body` with C strings for `strings`, valid for the duration of the call.
private func withCStrings<E: Error>(_ strings: [String], _ body: (inout [UnsafePointer<CChar>?]) throws(E) -> Void) throws(E) {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    try body(&pointers)
}

extension String {
    /// Decodes a NUL-terminated C buffer as UTF-8.
    init(cChars buffer: [CChar]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
