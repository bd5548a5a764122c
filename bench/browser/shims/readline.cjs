// Stand-in for Node's `readline`, which cli-progress imports at load.
module.exports = {};
