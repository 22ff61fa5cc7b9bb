import Glibc

/// A complete C file compiled to machine code through the same trusted cache as
/// `NativeFunction` (built once per machine, checked before loading) and loaded into the
/// process: for code writers other than the scalar engine's, whose entry points the caller
/// looks up by name.
public final class NativeLibrary: @unchecked Sendable {
    /// The shared library's entry in the cache, or the private directory it was built in.
    public let libraryPath: String
    /// What the user should hear on stderr about how the code was obtained.
    public let notes: [String]

    private let handle: UnsafeMutableRawPointer

    /// Compiles (or finds in the cache) and loads `source`.
    public init(source: String, options: NativeOptions = NativeOptions()) throws(NativeError) {
        let library = try NativeCache.load(source: source, options: options)
        handle = library.handle
        libraryPath = library.path
        notes = library.notes
    }

    // The library stays loaded while this object lives; callers keep it alive while they use
    // the addresses `symbol` gives.
    deinit { dlclose(handle) }

    /// The address of the function or data called `name`, or nil when the library has none.
    public func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(handle, name)
    }
}
