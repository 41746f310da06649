import Foundation
import Synchronization

/// The temporary files of reports being written, so that an interrupted run can remove them
/// (`scenario-runner` does on SIGINT and SIGTERM; after kill -9 they stay, hidden, and the
/// previous complete reports are untouched either way).
public enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    /// Creates the empty temporary file `path` and registers it, under the same lock as
    /// `removeAllAndExit`, so that no temporary file appears after the removal.
    static func create(_ path: String) -> Bool {
        paths.withLock { set in
            guard FileManager.default.createFile(atPath: path, contents: nil) else { return false }
            set.insert(path)
            return true
        }
    }

    static func unregister(_ path: String) { paths.withLock { _ = $0.remove(path) } }

    /// Removes every registered temporary file and ends the process with `status` while still
    /// holding the lock: a report being created meanwhile waits and never appears.
    /// `_exit`, not `exit`: exit's handlers would shut HDF5 down under a read in progress.
    public static func removeAllAndExit(status: Int32) -> Never {
        paths.withLock { set in
            for p in set { unlink(p) }
            _exit(status)
        }
    }
}
