// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "symdiff",
    products: [
        .library(name: "SymDiff", targets: ["SymDiff", "Session"]),
        .executable(name: "symdiff", targets: ["symdiff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        .target(name: "Expr", dependencies: [.product(name: "BigInt", package: "BigInt")]),
        .target(name: "Parser", dependencies: ["Expr"]),
        .target(name: "Simplify", dependencies: ["Expr"]),
        .target(name: "Calculus", dependencies: ["Expr"]),
        .target(name: "Compile", dependencies: ["Expr"]),
        .target(name: "Optimize", dependencies: ["Compile", "Calculus"]),
        .target(name: "Emit", dependencies: ["Expr", "Calculus", "Compile"]),
        .target(name: "Plot", dependencies: ["Expr", "Simplify", "Calculus", "Compile", "Optimize"]),
        .target(name: "SymDiff", dependencies: ["Expr", "Parser", "Simplify", "Calculus", "Compile", "Optimize", "Plot", "Emit"]),
        .target(name: "Session", dependencies: ["SymDiff"]),
        // GNU readline for the REPL (Debian: libreadline-dev).
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        .executableTarget(
            name: "symdiff",
            dependencies: ["SymDiff", "Session", "CReadline", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // mimalloc replaces the C library's malloc in the tool (Debian: libmimalloc-dev): every
            // expression node is a small allocation, and building a small gradient is 20–50%
            // faster with it (README, "Quick start").
            linkerSettings: [.linkedLibrary("mimalloc")]),
        .testTarget(name: "EngineTests", dependencies: ["SymDiff", "Session", .product(name: "BigInt", package: "BigInt")], exclude: ["Support"]),
    ]
)
