// This package ships types only; the module exists so that a plain import of it resolves.
module.exports = {};
