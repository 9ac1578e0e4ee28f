#!/usr/bin/env bash
# A single-node KRaft Kafka broker for tests and local distributed runs, from Apache Kafka's
# own Maven Central artifacts (no Docker): deploy/local/kafka.sh start|stop|status|reset
# Bound to 127.0.0.1 only. Jars are cached in deploy/local/.kafka/libs (and ~/.m2).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
home="${KAFKA_HOME_DIR:-$here/.kafka}"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
libs="$home/libs"
data="$home/data-$port"
props="$home/server-$port.properties"
pidfile="$home/kafka-$port.pid"
logfile="$home/kafka-$port.log"

fetch() {
  if ls "$libs"/kafka_2.13-*.jar >/dev/null 2>&1; then return; fi
  echo "fetching Kafka from Maven Central (cached afterwards)..."
  (cd "$here/kafka" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs")
}

write_props() {
  mkdir -p "$data"
  cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data
num.partitions=3
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
PROPS
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  if running; then echo "kafka already running (pid $(cat "$pidfile"), 127.0.0.1:$port)"; return; fi
  command -v java >/dev/null || { echo "java is required (Java 17)"; exit 1; }
  fetch
  write_props
  if [ ! -f "$data/meta.properties" ]; then
    java -cp "$libs/*" kafka.tools.StorageTool format -t "$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null)" -c "$props" >/dev/null 2>&1
  fi
  KAFKA_LOG4J="-Dlog4j.configuration=file:$home/log4j.properties"
  cat > "$home/log4j.properties" <<L4J
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$logfile
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
L4J
  nohup java -Xms256m -Xmx512m -XX:+UseG1GC $KAFKA_LOG4J -cp "$libs/*" kafka.Kafka "$props" >>"$logfile.out" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    if ! running; then echo "kafka exited during start-up; see $logfile and $logfile.out"; tail -20 "$logfile.out" "$logfile" 2>/dev/null; exit 1; fi
    if answers && grep -q "Kafka Server started\|started (kafka.server.KafkaRaftServer)" "$logfile" 2>/dev/null; then
      echo "kafka started (pid $(cat "$pidfile"), 127.0.0.1:$port)"; return
    fi
    sleep 0.5
  done
  echo "kafka did not answer on 127.0.0.1:$port within 60 s; see $logfile"; exit 1
}

stop() {
  if ! running; then echo "kafka not running"; rm -f "$pidfile"; return; fi
  pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "kafka stopped"; return; }; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$pidfile"; echo "kafka killed after 30 s"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && answers; then echo "running (pid $(cat "$pidfile"), 127.0.0.1:$port)"; else echo "stopped"; exit 1; fi ;;
  reset) stop; rm -rf "$data" "$props"; echo "data removed" ;;
  *) echo "usage: $0 start|stop|status|reset"; exit 2 ;;
esac
