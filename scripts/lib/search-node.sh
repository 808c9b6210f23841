# A throwaway single-node search cluster on 127.0.0.1, fetched from Maven Central: the shared
# body of scripts/opensearch and scripts/elasticsearch, which set these variables and then
# source this file:
#   KIND            opensearch | elasticsearch (the folder under .cache/, the bin/ script)
#   NAME            what messages call the node, e.g. "OpenSearch 3.6.0"
#   VERSION         the distribution's version
#   DIST_ARTIFACT   Maven coordinates of the distribution zip
#   PLUGINS         Maven coordinates of plugin zips to install (may be empty)
#   PORT, TRANSPORT_PORT, HEAP, RUN_USER, START_TIMEOUT, MIN_JAVA
#   JAVA_HOME_OVERRIDE  a JDK to use instead of the newest one found (may be empty)
#   ENV_PREFIX      OPENSEARCH | ES: the launcher reads <prefix>_JAVA_HOME, _JAVA_OPTS, _TMPDIR
#   SETTING_PREFIX  the prefix of this script's own variables, for messages
#   EXTRA_SETTINGS  an array of additional -E settings
#
# The node: 127.0.0.1 only, single-node discovery, disk watermarks off (a full disk does not
# turn indices read-only), small heap; no outbound connections. Everything lives in
# .cache/$KIND/ (git-ignored): the unpacked distribution, data, logs, pid. Needs mvn, unzip,
# curl and a JDK. The node refuses to run as root: as root it runs as the unprivileged system
# user $RUN_USER, created when missing, which then owns .cache/$KIND/.

DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$ROOT/.cache/$KIND"
DIST="$CACHE/$KIND-$VERSION"
DATA="$CACHE/data-$VERSION"
LOGS="$CACHE/logs"
PIDFILE="$CACHE/node.pid"
CLUSTER="helpdesk-search"
URL="http://127.0.0.1:$PORT"

say() { echo "$*" >&2; }
die() { say "scripts/$KIND: $*"; exit 1; }

is_root() { [ "$(id -u)" = "0" ]; }

# Serialises start and stop (parallel test runs may call start at the same time).
take_lock() {
  mkdir -p "$CACHE"
  exec 9>>"$CACHE/.lock"
  flock -w 600 9 || die "timed out waiting for $CACHE/.lock"
}

# The pid of our node, if it is running.
node_pid() {
  local pid
  [ -s "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$CACHE/$KIND-" || return 1
  echo "$pid"
}

# The node answers HTTP (whatever its cluster health).
answering() {
  curl -fsS -m 10 "$URL/_cluster/health" >/dev/null 2>&1
}

# The node answers and its cluster health is at least yellow.
healthy() {
  curl -fsS -m 10 "$URL/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

java_major() {
  local home="$1" v=""
  if [ -r "$home/release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
  fi
  if [ -z "$v" ]; then
    v="$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
  fi
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

find_java() {
  local home best="" best_v=0 v
  if [ -n "$JAVA_HOME_OVERRIDE" ]; then
    [ -x "$JAVA_HOME_OVERRIDE/bin/java" ] || die "${SETTING_PREFIX}_JAVA_HOME=$JAVA_HOME_OVERRIDE has no bin/java"
    v="$(java_major "$JAVA_HOME_OVERRIDE")"
    [ "$v" -ge "$MIN_JAVA" ] || die "${SETTING_PREFIX}_JAVA_HOME=$JAVA_HOME_OVERRIDE is Java $v; $NAME needs Java $MIN_JAVA or newer"
    echo "$JAVA_HOME_OVERRIDE"
    return
  fi
  for home in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] || continue
    v="$(java_major "$home")"
    if [ "$v" -ge "$MIN_JAVA" ] && [ "$v" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
  done
  [ -n "$best" ] || die "no JDK $MIN_JAVA or newer in \$JAVA_HOME or /usr/lib/jvm: install one or set ${SETTING_PREFIX}_JAVA_HOME"
  echo "$best"
}

# fetch ARTIFACT: copies a Maven Central artifact into $CACHE/downloads/ and prints its path.
fetch() {
  local artifact="$1" file
  IFS=: read -r _group name version packaging <<<"$artifact"
  file="$CACHE/downloads/$name-$version.$packaging"
  if [ ! -s "$file" ]; then
    command -v mvn >/dev/null 2>&1 || die "Maven (mvn) not found: apt-get install maven"
    say "Fetching $artifact from Maven Central ..."
    if ! mvn -q -B -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy" -Dartifact="$artifact" \
      -DoutputDirectory="$CACHE/downloads" >"$CACHE/mvn.log" 2>&1; then
      sed 's/\x1b\[[0-9;]*m//g' "$CACHE/mvn.log" | grep -m 1 '\[ERROR\]' >&2 || true
      die "mvn could not fetch $artifact (is that version on Maven Central? see ${SETTING_PREFIX}_VERSION; full output in $CACHE/mvn.log)"
    fi
    [ -s "$file" ] || die "mvn did not leave $file"
  fi
  echo "$file"
}

# Unpacks the distribution and installs the plugins once; later runs reuse it.
install() {
  local java="$1" zip plugin file top
  [ -f "$DIST/.installed" ] && return 0
  command -v unzip >/dev/null 2>&1 || die "unzip not found: apt-get install unzip"
  mkdir -p "$CACHE/downloads"
  zip="$(fetch "$DIST_ARTIFACT")"
  say "Unpacking $NAME into $DIST ..."
  rm -rf "$DIST" "$CACHE/unpack"
  mkdir -p "$CACHE/unpack"
  unzip -q "$zip" -d "$CACHE/unpack"
  top="$(find "$CACHE/unpack" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
  [ -n "$top" ] && [ -x "$top/bin/$KIND" ] || die "unexpected layout in $(basename "$zip")"
  mv "$top" "$DIST"
  rm -rf "$CACHE/unpack"
  for plugin in $PLUGINS; do
    file="$(fetch "$plugin")"
    say "Installing the plugin $plugin ..."
    env "${ENV_PREFIX}_JAVA_HOME=$java" "$DIST/bin/$KIND-plugin" install --batch "file://$file" \
      >"$CACHE/plugin-install.log" 2>&1 \
      || { cat "$CACHE/plugin-install.log" >&2; die "installing $plugin failed"; }
    rm -f "$file"
  done
  touch "$DIST/.installed"
  # Maven keeps its own copy in ~/.m2; the unpacked tree is all that is needed from here on.
  rm -f "$zip"
}

prepare_user() {
  is_root || return 0
  if ! id -u "$RUN_USER" >/dev/null 2>&1; then
    say "Creating system user $RUN_USER to run the node (it refuses to run as root) ..."
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$RUN_USER"
  fi
  chown -R "$RUN_USER:" "$CACHE"
  runuser -u "$RUN_USER" -- test -w "$CACHE" \
    || die "user $RUN_USER cannot reach $CACHE: make its parent folders searchable (chmod o+x)"
}

# Where this start began in the node's log, so that a failure shows only this run's lines.
LOG_OFFSET=0

show_logs() {
  local log="$LOGS/$CLUSTER.log"
  if [ -f "$log" ] && [ "$(stat -c %s "$log")" -gt "$LOG_OFFSET" ]; then
    say "--- last lines of $log:"
    tail -c +"$((LOG_OFFSET + 1))" "$log" | tail -n 40 >&2
  fi
  if [ -s "$LOGS/startup.out" ]; then
    say "--- last lines of $LOGS/startup.out:"
    tail -n 20 "$LOGS/startup.out" >&2
  fi
}

start_failed() {
  local pid
  say "scripts/$KIND: $NAME $*"
  show_logs
  if pid="$(node_pid)"; then kill -TERM "$pid" 2>/dev/null || true; fi
  exit 1
}

start() {
  local pid java began=$SECONDS deadline launcher="" cmd
  take_lock
  if pid="$(node_pid)"; then
    if answering; then
      say "$NAME is already running at $URL (pid $pid)"
      echo "$URL"
      return 0
    fi
    say "$NAME (pid $pid) is starting; waiting for it ..."
  else
    port_in_use && die "port $PORT on 127.0.0.1 is taken by another process (pick another with ${SETTING_PREFIX}_PORT)"
    java="$(find_java)"
    install "$java"
    mkdir -p "$DATA" "$LOGS" "$CACHE/tmp"
    prepare_user
    rm -f "$PIDFILE"
    if [ -f "$LOGS/$CLUSTER.log" ]; then LOG_OFFSET="$(stat -c %s "$LOGS/$CLUSTER.log")"; fi
    say "Starting $NAME on $URL (Java $(java_major "$java") from $java, heap $HEAP) ..."
    cmd=(env
      "${ENV_PREFIX}_JAVA_HOME=$java"
      "${ENV_PREFIX}_JAVA_OPTS=-Xms$HEAP -Xmx$HEAP ${NODE_JAVA_OPTS:-}"
      "${ENV_PREFIX}_TMPDIR=$CACHE/tmp"
      "$DIST/bin/$KIND" -q -p "$PIDFILE"
      -Ecluster.name="$CLUSTER"
      -Enode.name=local
      -Enetwork.host=127.0.0.1
      -Ehttp.port="$PORT"
      -Etransport.port="$TRANSPORT_PORT"
      -Ediscovery.type=single-node
      -Epath.data="$DATA"
      -Epath.logs="$LOGS"
      -Ecluster.routing.allocation.disk.threshold_enabled=false
      "${EXTRA_SETTINGS[@]}")
    if is_root; then cmd=(runuser -u "$RUN_USER" -- "${cmd[@]}"); fi
    # The node runs in the background in a session of its own, so it outlives this script and the
    # caller's terminal; -q keeps its log out of startup.out (which gets JVM messages only), and
    # fd 9 (the lock) is not passed on to it.
    (cd "$DIST" && exec setsid "${cmd[@]}") 9>&- </dev/null >"$LOGS/startup.out" 2>&1 &
    launcher=$!
  fi
  deadline=$((began + START_TIMEOUT))
  until healthy; do
    if [ -n "$launcher" ] && ! kill -0 "$launcher" 2>/dev/null; then
      start_failed "exited during start-up"
    fi
    if [ -z "$launcher" ] && ! node_pid >/dev/null; then start_failed "exited during start-up"; fi
    [ "$SECONDS" -lt "$deadline" ] || start_failed "did not answer on $URL within ${START_TIMEOUT}s"
    sleep 1
  done
  say "$NAME is up after $((SECONDS - began))s (pid $(node_pid || echo '?'))."
  echo "$URL"
}

stop() {
  local pid i
  take_lock
  if ! pid="$(node_pid)"; then
    rm -f "$PIDFILE"
    echo "$NAME is not running"
    return 0
  fi
  kill -TERM "$pid"
  for ((i = 0; i < 60; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      echo "$NAME stopped"
      return 0
    fi
    sleep 1
  done
  say "$NAME (pid $pid) did not stop within 60s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 1
  rm -f "$PIDFILE"
  echo "$NAME killed"
}

status() {
  local pid
  if answering; then
    if pid="$(node_pid)"; then
      echo "$NAME is running at $URL (pid $pid)"
    else
      echo "a node answers at $URL (not started from $CACHE)"
    fi
    return 0
  fi
  if pid="$(node_pid)"; then
    echo "$NAME (pid $pid) is not answering at $URL yet"
  else
    echo "$NAME is not running"
  fi
  return 1
}

main() {
  case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    url) echo "$URL" ;;
    *) echo "usage: scripts/$KIND start|stop|status|url" >&2; exit 2 ;;
  esac
}
