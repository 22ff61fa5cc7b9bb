import Glibc

/// The few libm functions the commands need, without importing Foundation (start-up time).
enum Foundationless {
    static func cbrt(_ x: Double) -> Double { Glibc.cbrt(x) }
    static func floor(_ x: Double) -> Double { Glibc.floor(x) }
    static func log10(_ x: Double) -> Double { Glibc.log10(x) }
    static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
}
