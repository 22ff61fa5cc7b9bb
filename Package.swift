// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "symdiff",
    products: [
        .library(name: "SymDiff", targets: ["SymDiff", "Session", "Tensor"]),
        .executable(name: "symdiff", targets: ["SymDiffCLI"]),
    ],
    traits: [
        .trait(name: "Mimalloc", description: "Link the symdiff executable against mimalloc (needs libmimalloc-dev)."),
    ],
    dependencies: [
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        // `swift package generate-documentation --target SymDiff`: the DocC catalog in Sources/SymDiff.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(name: "Expr", dependencies: [.product(name: "BigInt", package: "BigInt")]),
        .target(name: "Parser", dependencies: ["Expr"]),
        .target(name: "Simplify", dependencies: ["Expr", .product(name: "BigInt", package: "BigInt")]),
        .target(name: "Calculus", dependencies: ["Expr"]),
        .target(name: "Compile", dependencies: ["Expr"]),
        .target(name: "Optimize", dependencies: ["Compile", "Calculus"]),
        .target(name: "Emit", dependencies: ["Expr", "Calculus", "Compile"]),
        .target(name: "Plot", dependencies: ["Expr", "Simplify", "Calculus", "Compile"]),
        // Vectors, matrices and sums over an index: shaped expressions beside the scalar engine.
        .target(name: "Tensor", dependencies: ["Expr", "Parser", "Calculus", "Compile"]),
        .target(name: "SymDiff", dependencies: ["Expr", "Parser", "Simplify", "Calculus", "Compile", "Optimize", "Plot", "Emit"]),
        .target(name: "Session", dependencies: ["SymDiff", "Tensor"]),
        // `symdiff serve`: the page and the JSON API over the command table, on loopback.
        .target(name: "Serve", dependencies: ["Session"]),
        // GNU readline for the REPL (Debian: libreadline-dev): its headers at build time; the
        // library itself is opened when the REPL starts (shim.h), so one-shot calls never load it.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        // The command-line tool. Its folder is SymDiffCLI so that no two paths differ only by case
        // (Sources/SymDiff is the library); the product, and so the binary, is `symdiff`.
        .executableTarget(
            name: "SymDiffCLI",
            dependencies: ["SymDiff", "Session", "Tensor", "Serve", "CReadline"],
            linkerSettings: [
                // Release builds link the Swift runtime statically into a position-dependent
                // executable: the loader then has no shared libraries to map and no relocations
                // to apply, which was half of a one-shot call (README, "Figures"). BigInt imports
                // Foundation, whose static archives need CoreFoundation, ICU and libstdc++ named
                // here (SwiftPM's --static-swift-stdlib adds them itself; this flag does not).
                .unsafeFlags(["-static-stdlib", "-Xlinker", "--gc-sections", "-Xlinker", "-no-pie", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lstdc++"], .when(configuration: .release)),
                // Opt-in: `swift build -c release --traits Mimalloc` links mimalloc in place of the
                // C library's malloc (Debian: libmimalloc-dev); README, "Quick start".
                .linkedLibrary("mimalloc", .when(traits: ["Mimalloc"])),
            ]),
        .testTarget(name: "EngineTests", dependencies: ["SymDiff", "Session", "Tensor", .product(name: "BigInt", package: "BigInt")], exclude: ["Support"]),
    ]
)
