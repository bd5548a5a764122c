// Stand-in for Node's `events`, which cli-progress (the training progress bar) extends at load.
class EventEmitter {
  on() { return this; }
  emit() { return false; }
  removeAllListeners() { return this; }
}
module.exports = EventEmitter;
module.exports.EventEmitter = EventEmitter;
