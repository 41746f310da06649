internal import CNetCDF

/// An error from netCDF-C or from the wrapper, carrying netCDF's own message and where it happened.
public struct NetCDFError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The netCDF-C status code (`NC_E*`), or 0 for errors raised by the wrapper itself.
    public let code: Int32
    /// netCDF-C's own text for `code` (`nc_strerror`), or the wrapper's explanation.
    public let message: String
    /// The file the call was made on.
    public let path: String
    /// The variable or attribute involved, when there is one.
    public let variable: String?

    public init(code: Int32, message: String, path: String, variable: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.variable = variable
    }

    public var description: String {
        if let variable { return "\(path): variable '\(variable)': \(message)" }
        return "\(path): \(message)"
    }
}

/// Turns a netCDF-C status into a thrown `NetCDFError`. Call only while holding `NetCDFLock`.
@inline(__always)
func check(_ status: Int32, path: String, variable: String? = nil) throws(NetCDFError) {
    guard status == NC_NOERR else {
        let text = String(cString: nc_strerror(status))
        throw NetCDFError(code: status, message: text, path: path, variable: variable)
    }
}
