// swift-tools-version:6.1
// Deriving the logistic loss's gradient and Hessian in matrix form, beside the scalar engine's
// Hessian of the same loss written out for 100 weights. Run with bench/matrix/run.sh.
import PackageDescription

let package = Package(
    name: "symdiff-tensor-bench",
    dependencies: [.package(name: "symdiff", path: "../..")],
    targets: [
        .executableTarget(name: "TensorBench", dependencies: [.product(name: "SymDiff", package: "symdiff")]),
    ]
)
