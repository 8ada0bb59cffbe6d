"""年度评奖：规则（rules）、排名（ranking）、奖励条目的写出与比对（ledger）。"""
