/// A problem with an input file that stops the run: it names the file, and the variable where known.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let variable: String?
    public let message: String

    public init(path: String, variable: String? = nil, _ message: String) {
        self.path = path
        self.variable = variable
        self.message = message
    }

    public var description: String {
        if let variable { return "\(path): variable '\(variable)': \(message)" }
        return "\(path): \(message)"
    }
}
