import Foundation
import Synchronization

/// The temporary files of reports being written, so that an interrupted run can remove them
/// (`scenario-runner` does on SIGINT and SIGTERM; after kill -9 they stay, hidden, and the
/// previous complete reports are untouched either way).
public enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    static func register(_ path: String) { paths.withLock { _ = $0.insert(path) } }
    static func unregister(_ path: String) { paths.withLock { _ = $0.remove(path) } }

    /// Removes every registered temporary file.
    public static func removeAll() {
        for p in paths.withLock({ $0 }) { unlink(p) }
    }
}
