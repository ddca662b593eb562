// The compliant course player (seed 001: 进度条不能拖拽、不能同时打开多个课件、有学习状态检测).
// The page works as a plain video without this script, but then nothing is credited: the
// server counts only the heartbeats this script sends, and checks every one of them again.
(function () {
  "use strict";
  var root = document.getElementById("remote-player");
  if (!root) {
    return;
  }
  var data = root.dataset;
  var video = root.querySelector("video");
  function part(role) {
    return root.querySelector('[data-role="' + role + '"]');
  }
  var statusLine = part("status");
  var playButton = part("play");
  var dialog = part("presence");
  var answerInput = part("answer");
  var confirmButton = part("confirm");
  var presenceError = part("presence-error");

  var duration = parseFloat(data.duration) || 0;
  var seq = parseInt(data.seq, 10) || 1;
  // The furthest point reached by playing at normal speed: seeking beyond it is undone.
  var reached = parseFloat(data.furthest) || 0;
  var interval = (parseInt(data.interval, 10) || 5) * 1000;
  var presence = null;
  var countdown = null;
  var timer = null;
  var SLACK = 1;
  var MOVED_BACK = ["seek_ahead", "fast_forward", "gap"];
  var STOPPED = ["parallel", "presence_missed", "course_closed"];

  function say(text, kind) {
    statusLine.textContent = text;
    statusLine.className = "player-status" + (kind ? " " + kind : "");
  }

  function clockText(seconds) {
    var whole = Math.max(0, Math.floor(seconds));
    var rest = whole % 60;
    return Math.floor(whole / 60) + "分" + (rest < 10 ? "0" : "") + rest + "秒";
  }

  function showTotals(watched, required) {
    part("watched").textContent = clockText(watched);
    part("required").textContent = clockText(required);
  }
  showTotals(parseFloat(data.watched) || 0, parseFloat(data.required) || 0);

  // No seeking ahead: moving back, or forward within what was played, is allowed.
  video.addEventListener("timeupdate", function () {
    var now = video.currentTime;
    if (!video.seeking && now > reached && now - reached < 2) {
      reached = now;
    }
  });
  video.addEventListener("seeking", function () {
    if (video.currentTime > reached + SLACK) {
      video.currentTime = reached;
      say("不允许拖动进度条越过已学习的位置（已学至 " + clockText(reached) + "）", "error");
    }
  });

  // No faster playback.
  function holdRate() {
    if (video.playbackRate !== 1 || video.defaultPlaybackRate !== 1) {
      video.defaultPlaybackRate = 1;
      video.playbackRate = 1;
      say("不允许倍速播放，已恢复正常速度", "error");
    }
  }
  video.addEventListener("ratechange", holdRate);

  function position() {
    return Math.min(video.currentTime || 0, duration);
  }

  function detail(body) {
    // contract.md's error shape: {"error": {"code", "message", "path"}}
    if (body && body.error && typeof body.error.message === "string") {
      return body.error.message;
    }
    return "学习记录上传失败，请刷新页面后重试";
  }

  function post(url, payload, keepalive) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf },
      body: JSON.stringify(payload),
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  }

  function beat(state, keepalive) {
    var payload = {
      course_id: parseInt(data.course, 10),
      video_id: parseInt(data.video, 10),
      seq: seq,
      position: position(),
      state: state,
    };
    seq += 1;
    return post(data.heartbeatUrl, payload, keepalive)
      .then(function (result) {
        if (!result.ok) {
          video.pause();
          say(detail(result.body), "error");
          return;
        }
        handle(result.body);
      })
      .catch(function () {
        say("网络异常，学习记录暂未上传，请检查网络", "error");
      });
  }

  function handle(body) {
    showTotals(body.course_watched_seconds, body.course_required_seconds);
    if (!body.accepted && body.reason !== "duplicate") {
      say(body.message, "error");
      if (MOVED_BACK.indexOf(body.reason) >= 0) {
        reached = Math.min(reached, body.position);
        video.currentTime = body.position;
      }
      if (STOPPED.indexOf(body.reason) >= 0) {
        video.pause();
      }
    }
    if (body.presence && body.presence.state === "pending") {
      ask(body.presence);
    }
    if (body.completed) {
      say("本课程已完成学习，完成记录已保存。", "ok");
    } else if (body.course_watched_seconds >= body.course_required_seconds) {
      say(data.examUrl ? "视频已全部学完，请参加考核。" : "视频已全部学完。", "ok");
      if (data.examUrl) {
        showExamLink();
      }
    }
  }

  function showExamLink() {
    if (root.querySelector("[data-role=exam-link]")) {
      return;
    }
    var link = document.createElement("a");
    link.href = data.examUrl;
    link.className = "button";
    link.setAttribute("data-role", "exam-link");
    link.textContent = "参加考核";
    statusLine.after(link);
  }

  // Presence checks: the video waits until the code is typed.
  function ask(check) {
    if (presence && presence.id === check.id) {
      return;
    }
    presence = check;
    video.pause();
    part("challenge").textContent = check.challenge;
    presenceError.textContent = "";
    answerInput.value = "";
    dialog.hidden = false;
    answerInput.focus();
    var left = check.seconds_left;
    var counter = part("countdown");
    clearInterval(countdown);
    function tick() {
      counter.textContent =
        left > 0
          ? "请在 " + left + " 秒内确认。"
          : "已逾期：确认后方可继续学习，逾期期间不计学习时长。";
      left -= 1;
    }
    tick();
    countdown = setInterval(tick, 1000);
  }

  function answer() {
    if (!presence) {
      return;
    }
    var url = data.presenceUrl.replace("/0/", "/" + presence.id + "/");
    post(url, { answer: answerInput.value.trim() })
      .then(function (result) {
        if (!result.ok) {
          presenceError.textContent = detail(result.body);
          return;
        }
        clearInterval(countdown);
        presence = null;
        dialog.hidden = true;
        say(
          result.body.state === "late"
            ? "已确认在线（已逾期，逾期期间不计学习时长），继续学习。"
            : "已确认在线，继续学习。",
          "ok"
        );
        video.play();
      })
      .catch(function () {
        presenceError.textContent = "网络异常，请重试";
      });
  }
  confirmButton.addEventListener("click", answer);
  answerInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      answer();
    }
  });

  playButton.addEventListener("click", function () {
    video.play();
  });
  video.addEventListener("play", function () {
    holdRate();
    if (presence) {
      video.pause();
      return;
    }
    playButton.textContent = "学习中";
    playButton.disabled = true;
    beat("playing");
    clearInterval(timer);
    timer = setInterval(function () {
      if (!video.paused && !video.ended) {
        beat("playing");
      }
    }, interval);
  });
  video.addEventListener("pause", function () {
    clearInterval(timer);
    playButton.textContent = "继续学习";
    playButton.disabled = false;
    if (!video.ended) {
      beat("paused");
    }
  });
  video.addEventListener("ended", function () {
    clearInterval(timer);
    beat("ended");
  });
  video.addEventListener("loadedmetadata", function () {
    var resume = parseFloat(data.position) || 0;
    if (resume > 0 && resume < duration) {
      video.currentTime = Math.min(resume, reached);
    }
  });
  // A learner who leaves the page (or the phone's screen turns off) stops the clock.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      video.pause();
    }
  });
  window.addEventListener("pagehide", function () {
    if (!video.paused) {
      beat("closed", true);
    }
  });

  if (data.presenceId) {
    ask({
      id: parseInt(data.presenceId, 10),
      challenge: data.presenceChallenge,
      seconds_left: parseInt(data.presenceLeft, 10) || 0,
      state: "pending",
    });
  }
})();
