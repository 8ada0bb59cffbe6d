"""Reports the union office files elsewhere: 个人创新档案 (dossier) and QC成果/科技成果申报 packs,
written as Word (python-docx) and Excel (openpyxl) files from the knowledge base."""
