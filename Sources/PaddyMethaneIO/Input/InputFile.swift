import NetCDF
import Foundation

/// An open NetCDF input with its variables, and the whole-file checks every layout shares:
/// truncation, compression filters, the chunk cache.
struct InputFile: @unchecked Sendable {
    let path: String
    let file: NetCDFFile
    let format: String
    let variables: [Variable]

    /// Opens `path`, or its NetCDF-4 group `group` (`/plots/2024`) when given.
    init(path: String, group: String? = nil) throws(InputError) {
        self.path = path
        let root: NetCDFFile
        do {
            root = try NetCDFFile.open(path)
            format = try root.format.description
        } catch {
            throw InputError(path: path, variable: nil, "cannot be read as NetCDF (\(error.message))")
        }
        if let group {
            do { file = try root.group(group) } catch {
                let groups = root.groupNames()
                throw InputError(path: path, variable: nil, "has no group \"\(group)\" (\(groups.isEmpty ? "it has no groups" : "groups: " + groups.joined(separator: ", ")))")
            }
        } else {
            file = root
        }
        do { variables = try file.variables() } catch { throw InputError(path: path, variable: nil, error.message) }
        if group == nil, variables.isEmpty, !root.groupNames().isEmpty {
            throw InputError(path: path, variable: nil, "has no variables in its root group; its data are in groups (\(root.groupNames().joined(separator: ", "))): name one with --group")
        }
    }

    func fail(_ v: String?, _ m: String) -> InputError { InputError(path: path, variable: v, m) }
    func attribute(_ v: Variable, _ name: String) -> AttributeValue? { try? file.attribute(name, of: v) }
    func text(_ v: Variable, _ name: String) -> String? { attribute(v, name)?.text }
    func variable(_ name: String) -> Variable? { variables.first { $0.name == name } }
    /// The first variable with attribute `name`.
    func variable(withAttribute name: String) -> Variable? { variables.first { text($0, name) != nil } }

    /// Reads a hyperslab as doubles, naming the variable in the error.
    func read(_ v: Variable, start: [Int] = [], count: [Int] = []) throws(InputError) -> [Double] {
        do { return start.isEmpty ? try file.read(v, as: Double.self) : try file.read(v, as: Double.self, start: start, count: count) }
        catch { throw fail(v.name, error.message) }
    }

    /// Uncompressed formats store every declared value: a header declaring more than the file
    /// holds is truncated or corrupt (and would make the run read phantom paddies).
    func checkNotTruncated() throws(InputError) {
        guard !file.isNetCDF4, let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int else { return }
        for v in variables where v.type.isNumeric || v.type == .char {
            let declared = v.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
            let bytes = declared.multipliedReportingOverflow(by: v.type.byteWidth)
            if bytes.overflow || bytes.partialValue > size {
                throw fail(v.name, "declares \(declared) values but the file has only \(size) bytes: it is truncated or corrupt")
            }
        }
    }

    /// Refuses a variable compressed with a filter this netCDF-C library cannot decode, naming the
    /// filter and the ways to make the file readable.
    func checkFilters(of v: Variable) throws(InputError) {
        let filters: [VariableFilter]
        do { filters = try file.filters(of: v) } catch { throw fail(v.name, error.message) }
        guard let f = filters.first(where: { !$0.isAvailable }) else { return }
        let name = f.name.map { "the \($0) filter (HDF5 filter id \(f.id))" } ?? "HDF5 filter id \(f.id)"
        throw fail(v.name, """
            is compressed with \(name), which this netCDF-C library cannot decode: install the HDF5 plugin \
            for it and set HDF5_PLUGIN_PATH to the plugin folder (Python netCDF4 wheels carry the common ones in \
            netCDF4/plugins), or rewrite the file without it on a machine that has the plugin: nccopy -F none IN OUT
            """)
    }

    /// Files chunked by others: a cache large enough for one block of paddies × `steps` times.
    func setChunkCache(_ v: Variable, steps: Int) {
        guard file.isNetCDF4 else { return }
        try? file.setChunkCache(v, bytes: min(256 << 20, max(16 << 20, steps * 1024 * 8)))
    }
}

/// `+07:00`, `-03:00`: an offset from UTC for messages.
func utcOffsetText(_ seconds: Double) -> String {
    let m = Int(abs(seconds) / 60)
    return (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", m / 60, m % 60)
}
